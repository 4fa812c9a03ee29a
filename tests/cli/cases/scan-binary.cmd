scan --format jsonl inputs/binary.bin
