scan inputs/according-to-determiner.txt
