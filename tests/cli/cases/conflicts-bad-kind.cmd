conflicts --kind bogus
