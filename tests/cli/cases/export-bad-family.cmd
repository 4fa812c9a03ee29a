export --family abc
