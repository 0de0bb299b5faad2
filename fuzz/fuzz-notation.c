/* fuzz-notation.c — the PO notation reader (src/formats/notation.c, src/model/rich.c):
 * the "#. code" listing of an entry's extracted comments and the <1>…</1>
 * notation of its msgid and msgstr, read back into coded text and codes.
 * It reads the strings libgettextpo hands over, so it is fuzzed on them
 * directly, without a PO file around them (fuzz-po does that).
 *
 * Input: the extracted comments, a NUL byte, the msgid, a NUL byte, the
 * msgstr (missing parts are empty).
 *
 * Invariants checked on every input:
 *   - a failure is EINPUT with a reason, or ENOMEM; no crash, no leak;
 *   - what is read is valid coded text for its codes (tercume_rich_valid),
 *     and every code has an id the notation can write;
 *   - an entry made of what was read writes the notation and a listing
 *     (tu_po_text_make) that read back give the same coded texts and the
 *     same codes, field for field. */
#include "fuzz.h"
#include "internal.h"

#include <string.h>

static const char *
part(const uint8_t **p, const uint8_t *end, char **owned)
{
	const uint8_t *nul = memchr(*p, 0, (size_t)(end - *p));
	size_t n = (size_t)((nul ? nul : end) - *p);

	*owned = malloc(n + 1);
	if (*owned == NULL)
		abort();
	memcpy(*owned, *p, n);
	(*owned)[n] = '\0';
	*p = nul ? nul + 1 : end;
	return *owned;
}

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static bool
same_code(const tercume_code *a, const tercume_code *b)
{
	return a->kind == b->kind && same_str(a->id, b->id) && same_str(a->type, b->type) &&
	       same_str(a->subtype, b->subtype) && same_str(a->data, b->data) &&
	       same_str(a->display, b->display) && same_str(a->equiv, b->equiv) &&
	       same_str(a->ref, b->ref) && same_str(a->value, b->value) &&
	       same_str(a->extra, b->extra) && a->can_copy == b->can_copy &&
	       a->can_delete == b->can_delete && a->can_reorder == b->can_reorder &&
	       a->can_overlap == b->can_overlap && a->translate == b->translate;
}

static void
check_text(const tercume_rich_builder *b)
{
	size_t len, n;
	const char *t = tercume_rich_builder_text(b, &len);
	const tercume_code *c = tercume_rich_builder_codes(b, &n);

	FUZZ_ASSERT(tercume_rich_valid(t, len, c, n));
	for (size_t i = 0; i < n; i++)
		FUZZ_ASSERT(tu_notation_id_ok(c[i].id));
}

/* Both builders hold the same coded text and codes. */
static void
check_same(const tercume_rich_builder *a, const tercume_rich_builder *b)
{
	size_t la, lb, na, nb;
	const char *ta = tercume_rich_builder_text(a, &la), *tb = tercume_rich_builder_text(b, &lb);
	const tercume_code *ca = tercume_rich_builder_codes(a, &na);
	const tercume_code *cb = tercume_rich_builder_codes(b, &nb);

	FUZZ_ASSERT(la == lb && memcmp(ta, tb, la) == 0);
	FUZZ_ASSERT(na == nb);
	for (size_t i = 0; i < na; i++)
		FUZZ_ASSERT(same_code(&ca[i], &cb[i]));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char *x, *id, *str, why[256], why2[256], *extracted = NULL;
	const char *comments = part(&p, end, &x), *msgid = part(&p, end, &id),
		   *msgstr = part(&p, end, &str);
	tu_po_codes pc, again;
	tu_po_text pt;
	tercume_entry e = { 0 };
	tercume_status st;

	st = tu_po_codes_read(&pc, comments, msgid, *msgstr ? msgstr : NULL, NULL, why, sizeof why);
	if (st != TERCUME_OK) {
		FUZZ_ASSERT(st == TERCUME_EINPUT || st == TERCUME_ENOMEM);
		FUZZ_ASSERT(st != TERCUME_EINPUT || why[0] != '\0');
		goto out;
	}
	if (pc.source == NULL)	/* no listing: a plain entry */
		goto done;
	check_text(pc.source);
	check_text(pc.target);
	/* The entry it makes writes back what reads back the same. */
	e.id = "x";
	e.source = tercume_rich_builder_text(pc.source, NULL);
	e.source_codes = tercume_rich_builder_codes(pc.source, &e.n_source_codes);
	if (*msgstr) {
		e.target = tercume_rich_builder_text(pc.target, NULL);
		e.target_codes = tercume_rich_builder_codes(pc.target, &e.n_target_codes);
	}
	if (e.n_source_codes == 0 && e.n_target_codes == 0)
		goto done;	/* a listing no string uses: plain once written */
	st = tu_po_text_make(&pt, &e, why, sizeof why);
	FUZZ_ASSERT(st == TERCUME_OK || st == TERCUME_ENOMEM);
	if (st != TERCUME_OK)
		goto done;
	FUZZ_ASSERT(pt.listing && pt.msgid && (!*msgstr || pt.msgstr));
	extracted = pt.listing;
	st = tu_po_codes_read(&again, extracted, pt.msgid, pt.msgstr, NULL, why2, sizeof why2);
	if (st != TERCUME_OK)
		fprintf(stderr, "written back, it does not read: %s\n%s", why2, extracted);
	FUZZ_ASSERT(st == TERCUME_OK || st == TERCUME_ENOMEM);
	if (st == TERCUME_OK) {
		FUZZ_ASSERT(again.source != NULL);
		check_same(pc.source, again.source);
		if (*msgstr)
			check_same(pc.target, again.target);
		tu_po_codes_free(&again);
	}
	tu_po_text_free(&pt);
done:
	tu_po_codes_free(&pc);
out:
	free(x);
	free(id);
	free(str);
	return 0;
}
