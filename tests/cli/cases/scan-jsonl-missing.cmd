scan --input jsonl --format table inputs/no-such.jsonl inputs/good.jsonl
