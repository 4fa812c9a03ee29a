rate 12
