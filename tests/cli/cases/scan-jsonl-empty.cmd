scan --input jsonl --format jsonl inputs/empty.txt
