scan --format jsonl inputs/bidi-zero-width.txt
