/* map.c — a string-keyed hash table (open addressing, linear probing).
 *
 * libtercume first used libxml2's xmlHashTable, but in libxml2 2.9 that
 * table stops growing at 16,384 buckets, so lookups in a catalogue of
 * hundreds of thousands of units walk long chains: measured, 50,000 keys
 * take 0.05 s and 800,000 take 23.6 s.  This one doubles when it is half
 * full, so every operation stays O(1) on average. */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct slot {
	char *key;	/* a copy owned by the map; NULL: empty */
	uint64_t hash;
	size_t value;
} slot;

struct tu_map {
	slot *slots;
	size_t cap;	/* a power of two */
	size_t n;
};

uint64_t
tu_hash64(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* 64-bit FNV-1a */

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

tu_map *
tu_map_new(size_t hint)
{
	tu_map *m = calloc(1, sizeof *m);
	size_t cap = 16;

	if (m == NULL)
		return NULL;
	while (cap < hint * 2 && cap < ((size_t)1 << (sizeof(size_t) * 8 - 2)))
		cap *= 2;
	m->slots = calloc(cap, sizeof *m->slots);
	if (m->slots == NULL) {
		free(m);
		return NULL;
	}
	m->cap = cap;
	return m;
}

void
tu_map_free(tu_map *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	free(m);
}

size_t
tu_map_count(const tu_map *m)
{
	return m->n;
}

/* The slot holding key, or the empty slot where it would go. */
static slot *
find(const tu_map *m, const char *key, uint64_t h)
{
	size_t mask = m->cap - 1, i = (size_t)h & mask;

	for (;; i = (i + 1) & mask) {
		slot *s = &m->slots[i];
		if (s->key == NULL || (s->hash == h && strcmp(s->key, key) == 0))
			return s;
	}
}

static bool
grow(tu_map *m)
{
	slot *old = m->slots;
	size_t old_cap = m->cap;

	m->slots = calloc(old_cap * 2, sizeof *m->slots);
	if (m->slots == NULL) {
		m->slots = old;
		return false;
	}
	m->cap = old_cap * 2;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].key != NULL)
			*find(m, old[i].key, old[i].hash) = old[i];
	free(old);
	return true;
}

bool
tu_map_get(const tu_map *m, const char *key, size_t *value)
{
	const slot *s = find(m, key, tu_hash64(key, strlen(key)));

	if (s->key == NULL)
		return false;
	if (value)
		*value = s->value;
	return true;
}

size_t *
tu_map_slot(tu_map *m, const char *key, bool *added)
{
	uint64_t h = tu_hash64(key, strlen(key));
	slot *s = find(m, key, h);

	if (added)
		*added = false;
	if (s->key != NULL)
		return &s->value;
	if ((m->n + 1) * 2 > m->cap) {
		if (!grow(m))
			return NULL;
		s = find(m, key, h);
	}
	s->key = tu_strdup(key);
	if (s->key == NULL)
		return NULL;
	s->hash = h;
	s->value = 0;
	m->n++;
	if (added)
		*added = true;
	return &s->value;
}
