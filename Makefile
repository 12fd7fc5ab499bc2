# Meeting Management for Odoo — see README.md
.PHONY: run test lint bench i18n scale-out

run:
	bash scripts/run.sh $(ARGS)

test:
	bash scripts/test.sh

lint:
	bash scripts/lint.sh

bench:
	bash scripts/bench.sh

scale-out:
	bash scripts/scale_out_check.sh

i18n:
	bash scripts/i18n.sh
