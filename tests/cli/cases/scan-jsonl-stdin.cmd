scan --input jsonl --format table -
