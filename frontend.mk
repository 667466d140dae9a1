# Front-end build (htmx, pdf.js, Workbox service worker) -> static/vendor/.
# Makefile fragment: `include frontend.mk` from the top-level Makefile, or run
# `make -f frontend.mk static/vendor/.built`. Paths are relative to the
# repository root, so run make from there.
#
# static/vendor/ is git-ignored and entirely generated: nothing is fetched from
# a CDN at run time (council halls may have no internet).

NPM ?= npm
NODE ?= node
PYTHON ?= python3

# Files the service worker precaches (or loads) besides static/vendor itself:
# when they change, are added or are removed, sw.js must be regenerated so its
# precache revisions change and tablets pick up the new versions. The
# directories are listed too because their mtime changes when a file is added
# or deleted.
FRONTEND_SW_INPUTS := $(shell find static/js -name '*.js' -o -type d 2>/dev/null) \
        $(wildcard static/css/*.css static/icons/*.png \
        static/manifest.webmanifest static/css static/icons)

static/vendor/.built: package.json package-lock.json scripts/build_frontend.mjs \
        scripts/build_sw.mjs static/js/sw-extra.js $(FRONTEND_SW_INPUTS)
	@if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then \
		echo "$(NPM) ci --no-audit --no-fund"; \
		$(NPM) ci --no-audit --no-fund && touch node_modules; \
	fi
	$(NODE) scripts/build_frontend.mjs
	$(NODE) scripts/build_sw.mjs
	touch $@

.PHONY: frontend frontend-clean icons
## frontend: vendor htmx/pdf.js and generate static/vendor/sw.js
frontend: static/vendor/.built

## frontend-clean: remove the generated static/vendor/ (node_modules is kept)
frontend-clean:
	rm -rf static/vendor

## icons: regenerate static/icons/*.png (they are committed; run on design change)
icons:
	$(PYTHON) scripts/make_icons.py
