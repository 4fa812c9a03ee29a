scan inputs/empty.txt --format=table
