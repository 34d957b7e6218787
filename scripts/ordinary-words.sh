#!/usr/bin/env bash
# Rebuild resources/ordinary_words.txt: the lower-case English words of SCOWL's
# British "small" list (Debian's wbritish-small), which name redaction uses to tell a
# surname that is also an ordinary word ("young", "brown", "rose") from a name when it
# is typed in lower case. Proper nouns are capitalised in the list, so "zoe" is not in it.
# Run from the repository root on a Debian/Ubuntu machine; needs apt-get download.
set -euo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download wbritish-small >/dev/null 2>&1 && dpkg-deb -x wbritish-small_*.deb x)
{
  echo "# Lower-case words of SCOWL's British small list (Debian wbritish-small),"
  echo "# made by scripts/ordinary-words.sh; copyright and licence: LICENSE-SCOWL.txt."
  grep -v "'" "$work/x/usr/share/dict/british-english-small" | grep -E '^[a-z]+$' | sort -u
} > resources/ordinary_words.txt
