#!/bin/sh
# tercume segment on the bundled article: the listing and the boundaries.
. "$top_srcdir/tests/common.sh"

expect_status 0 "segment the article" "$TERCUME" segment "$ARTICLE"
check "69 units listed" test "$(wc -l <"$T/out")" -eq 69
check "the byline comes first" sh -c "head -1 '$T/out' | grep -q 'byline 1 .*Author: Natig MAMEDZADE'"
check "the label comes last" sh -c "tail -1 '$T/out' | grep -q 'label 1 .*RECOMMEND:'"
check "'i.e., in 2025.' ends a unit" grep -q 'initial five-year duration, i.e., in 2025\.$' "$T/out"
check "the long quotation is split at each sentence" \
	grep -q 'paragraph 12, sentence 3 .*Azerbaijan remains steadfast in honouring its international commitments\.$' "$T/out"
check "a heading is listed as one" grep -q 'heading 3 .*BAM, Economy, Corridors$' "$T/out"
expect_status 0 "--source-lang ru is accepted" "$TERCUME" segment --source-lang ru "$ARTICLE"
expect_status 2 "a bad layout name is a usage error" "$TERCUME" segment --layout diagonal "$ARTICLE"
finish
