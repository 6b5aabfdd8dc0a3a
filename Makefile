# Descent: the two commands of the README, and the set-up they need.
#   make run    trains an MLP on the bundled digits with AdamW and prints the result
#   make test   runs the test suite
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run train test deps build bench clean

# System packages: oneDNN (matrix products), OpenBLAS (LAPACK's eigensolver) and pkg-config.
deps:
	@if ! pkg-config --exists openblas 2>/dev/null || [ ! -f /usr/include/oneapi/dnnl/dnnl.h ]; then \
		echo "Installing libdnnl-dev, libopenblas-dev and pkg-config with apt-get (matrix products, LAPACK)..."; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libdnnl-dev libopenblas-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build -c release --product descent

run: build
	.build/release/descent bench --suite quick --optimizers adamw,nadamw,sgd,lion --out bench/quick

train: build
	.build/release/descent train --data digits --model mlp:256,256 --optimizer adamw --hp lr=1e-3 \
		--epochs 20 --batch-size 64 --label-smoothing 0.1 --seed 0

test: deps
	$(SWIFT) test

bench: deps
	$(SWIFT) build -c release --product DescentBenchmarks

clean:
	rm -rf .build
