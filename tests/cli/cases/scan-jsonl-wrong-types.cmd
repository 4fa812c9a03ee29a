scan --input jsonl --format jsonl inputs/wrong-types.jsonl
