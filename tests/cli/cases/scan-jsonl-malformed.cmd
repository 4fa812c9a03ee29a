scan --input jsonl --format table inputs/malformed.jsonl
