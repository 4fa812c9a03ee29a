scan --format jsonl inputs/overlong.txt
