scan --format jsonl inputs/surrogate.txt
