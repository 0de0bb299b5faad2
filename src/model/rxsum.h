/* rxsum.h — summaries of ICU regular expressions (rxsum.c): what the text
 * around a match must look like, so that the SRX engine (srx.c) can rule
 * a position out with a few table lookups before it asks ICU.
 *
 * A summary only ever says where an expression CANNOT match; ICU still
 * decides every position the summary leaves open, so a summary changes
 * how fast the rules run, never what they decide.  Library-internal. */
#ifndef TERCUME_RXSUM_H
#define TERCUME_RXSUM_H

/* Include internal.h first. */
#include <stdbool.h>
#include <stdint.h>

#include <unicode/uregex.h>
#include <unicode/utypes.h>

/* How many code points a summary describes at each end of a match. */
#define TU_RX_K 3
/* An unbounded length. */
#define TU_RX_INF INT32_MAX
/* Code points below this have their membership cached in a table. */
#define TU_RX_CACHED 0x3000

/* Positions of the automaton: one per atom of the pattern, at most. */
#define TU_RX_POS 63

typedef struct tu_rx_pool tu_rx_pool;
typedef struct tu_rx_class tu_rx_class;

/* A set of code points: literal code points and character classes of the
 * expressions (ICU decides membership of a class, once per code point). */
typedef struct tu_rx_set {
	uint8_t cache[TU_RX_CACHED / 4];	/* 2 bits a code point: 0 not yet known, 1 out, 3 in */
	struct { UChar32 c; uint8_t v; } high[64];	/* the same, for code points above */
	UChar32 *lit;		/* sorted */
	size_t n_lit;
	tu_rx_class **cls;
	size_t n_cls;
} tu_rx_set;

/* The expression read as a position automaton (Glushkov's): a position
 * for each atom (a code point or a class), lookarounds and anchors taken
 * for the empty string, so that it matches at least what the expression
 * does.  follow[p]: the positions a match can go on to from p; prec[p]:
 * those it can come from. */
typedef struct tu_rx_nfa {
	int n;
	uint64_t first, last;	/* where matches start, where they end */
	bool nullable;		/* it matches the empty string */
	uint64_t follow[TU_RX_POS], prec[TU_RX_POS];
	int n_atoms;
	tu_rx_set *atom[TU_RX_POS];	/* the distinct atoms */
	uint64_t atom_pos[TU_RX_POS];	/* the positions of each */
	uint64_t cache[0x800];		/* code point -> positions that take it, | 1 << 63 */
	struct { UChar32 c; uint64_t v; } high[64];
} tu_rx_nfa;

/* What every match of an expression looks like, in code points.  Only what
 * known is true for holds; sets are never NULL where they are meaningful. */
typedef struct tu_rx_sum {
	bool known;		/* false: the expression uses something not summarised */
	int32_t minlen, maxlen;	/* length of a match; maxlen may be TU_RX_INF */
	/* Code point j of every match (j < min(TU_RX_K, minlen)) is in pre[j];
	 * code point j from the end (the last is j = 0) is in suf[j]. */
	tu_rx_set *pre[TU_RX_K], *suf[TU_RX_K];
	tu_rx_set *alph;	/* every code point a match takes */
	tu_rx_set *nlb;		/* not NULL: the code point before a match is not in it */
	/* A lookahead every match ends with: the la_len code points after
	 * the match are in la[0 .. la_len - 1]; la_len 0 when there is none. */
	int32_t la_len;
	tu_rx_set *la[TU_RX_K];
	/* Not NULL: every match is skip_min to skip_max code points of skip,
	 * then code points of rest_pre[0], rest_pre[1], … (rest_min of them
	 * at least, up to TU_RX_K). */
	tu_rx_set *skip;
	int32_t skip_min, skip_max, rest_min;
	tu_rx_set *rest_pre[TU_RX_K];
	tu_rx_nfa *nfa;		/* NULL: more positions than TU_RX_POS */
	bool anchored;		/* ^ or \A: depends on where the region starts */
	bool lead;		/* every match starts with ^ or \A: at the region's start */
	bool look_loop;		/* a repetition inside a lookaround (reaches past any window) */
} tu_rx_sum;

tu_rx_pool *tu_rx_pool_new(void);
void tu_rx_pool_free(tu_rx_pool *p);

/* Summarises the ICU pattern pat (UTF-16, flags 0, as uregex_pattern gives
 * it).  An expression it cannot summarise gets known = false; only running
 * out of memory is an error. */
tercume_status tu_rx_summarise(tu_rx_pool *p, const UChar *pat, int32_t len, tu_rx_sum *out);

/* A guess at how often a code point of the set comes in prose (higher:
 * more often), to pick the rarest condition to scan for. */
double tu_rx_weight(tu_rx_set *s);

bool tu_rx_has_slow(tu_rx_set *s, UChar32 c);

uint64_t tu_rx_nfa_takes_slow(tu_rx_nfa *a, UChar32 c);

/* The positions of a whose atom takes c. */
static inline uint64_t
tu_rx_nfa_takes(tu_rx_nfa *a, UChar32 c)
{
	if ((uint32_t)c < 0x800 && a->cache[c])
		return a->cache[c] & ~(1ull << 63);
	return tu_rx_nfa_takes_slow(a, c);
}

/* Is c in s?  (Conservative: when ICU cannot tell, the answer is yes.) */
static inline bool
tu_rx_has(tu_rx_set *s, UChar32 c)
{
	if ((uint32_t)c < TU_RX_CACHED) {
		unsigned v = (unsigned)(s->cache[c >> 2] >> ((c & 3) << 1)) & 3u;

		if (v != 0)
			return v == 3;
	}
	return tu_rx_has_slow(s, c);
}

#endif /* TERCUME_RXSUM_H */
