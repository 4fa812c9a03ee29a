scan --format jsonl inputs
