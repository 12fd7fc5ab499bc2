# Meeting Management for Odoo — see README.md
.PHONY: run test lint bench

run:
	bash scripts/run.sh $(ARGS)

test:
	bash scripts/test.sh

lint:
	bash scripts/lint.sh

bench:
	bash scripts/bench.sh
