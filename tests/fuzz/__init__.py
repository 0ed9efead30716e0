"""Bad-input fuzzing of the JSON loader: a seeded mutation engine, an oracle and the pytest entry."""
