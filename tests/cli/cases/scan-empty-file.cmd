scan --format jsonl inputs/empty.txt
