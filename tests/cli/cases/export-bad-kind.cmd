export --kind quoted
