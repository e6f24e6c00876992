# datafee developer tasks. `make help` lists them; CI runs `make test` (see .ci/run).
.PHONY: help example test lint test-rust test-python test-wasm test-browser bench-build fuzz-smoke

help: ## list the tasks
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/' | column -t -s "$$(printf '\t')"

example: ## run the main job on the bundled example city
	cargo run --release -q -p datafee-examples

test: ## run every test suite (Rust, Python, WASM, browser), installing what it needs
	scripts/test-all.sh

test-rust: ## Rust unit, property, doc and vector tests
	scripts/test-all.sh rust

test-python: ## build the wheel, install it in .venv, run pytest, doctests, mypy and stubtest
	scripts/test-all.sh python

lint: ## cargo fmt --check and clippy -D warnings
	scripts/test-all.sh lint

test-wasm: ## build the npm package (web + node), run the node tests and tsc
	scripts/test-all.sh wasm

test-browser: ## the web calculator in headless Chromium
	scripts/test-all.sh browser

bench-build: ## build every criterion bench (run them: scripts/test-bench.sh run)
	scripts/test-all.sh bench

fuzz-smoke: ## each fuzz target for a short time (FUZZ_SECONDS, default 20)
	scripts/test-all.sh fuzz
