#!/bin/sh
# The Debian packages citycert needs beside Python's own, in two sets:
#   sh scripts/system-packages.sh run    what running the site needs (`make demo`)
#   sh scripts/system-packages.sh test   that and what only the tests need (`make test`)
#   ... --list                          only print the set's packages
# Installed when run as root; otherwise each missing one is named, loudly, with the command that installs it.
# Run set:
#   fonts-nanum: Korean text in PDFs
#   libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0: WeasyPrint lays out the PDFs with Pango
#     (without the HarfBuzz subsetter it warns on every PDF)
# Test set:
#   chromium: the browser tests drive it (Playwright with executable_path; no browser download). Debian 12's
#     package is a real program; Ubuntu 24.04's is a transitional package for a snap, which does not run in a
#     container, so the test set is promised on Debian 12 only (README).
#   libreoffice-calc: the tests open the CSV and XLSX exports as a spreadsheet user would (soffice --headless)
#   poppler-utils, zbar-tools: the tests read PDFs back (pdftotext, pdffonts, pdftoppm) and decode QR codes
#   postgresql: `make test` runs the suite a second time on a throwaway PostgreSQL cluster of its own
#     (scripts/throwaway-postgres.sh); only the programs are wanted, so no server is left running
#   redis-server: the tests start their own on a free port, keeping nothing on disk (tests/services.py), to check
#     that throttles and the cache hold across servers; the service Debian starts on port 6379 is not used
set -eu
run_packages="python3 python3-venv python3-pip fonts-nanum libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
test_packages="chromium poppler-utils zbar-tools postgresql redis-server libreoffice-calc"
case "${1:-test}" in
    run) packages="$run_packages" ;;
    test) packages="$run_packages $test_packages" ;;
    *) echo "usage: $0 [run|test] [--list]" >&2; exit 2 ;;
esac
if [ "${2:-}" = "--list" ]; then
    echo "$packages"
    exit 0
fi
installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}
missing=""
for package in $packages; do
    installed "$package" || missing="$missing $package"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "citycert: installing system packages:$missing"
        apt-get update -qq
        export DEBIAN_FRONTEND=noninteractive
        if ! installed postgresql-common && ! installed postgresql; then
            # Debian makes and starts a "main" cluster on port 5432 when a server package is first installed;
            # the tests make their own, so say no before the server package arrives (pg_createcluster makes one later).
            apt-get install -y -qq postgresql-common >/dev/null
            sed -i 's/^#* *create_main_cluster *=.*/create_main_cluster = false/' /etc/postgresql-common/createcluster.conf
        fi
        apt-get install -y -qq $missing >/dev/null
    else
        echo "citycert: WARNING: missing system packages:$missing" >&2
        echo "citycert: install them with: sudo apt-get install$missing" >&2
    fi
fi
python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
    echo "citycert: Python 3.11 or newer is needed (found $(python3 --version 2>&1))." >&2
    exit 1
}
