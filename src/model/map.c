/* map.c — a string-keyed hash table (open addressing, linear probing).
 *
 * libtercume first used libxml2's xmlHashTable, but in libxml2 2.9 that
 * table stops growing at 16,384 buckets, so lookups in a catalogue of
 * hundreds of thousands of units walk long chains: measured, 50,000 keys
 * take 0.05 s and 800,000 take 23.6 s.  This one doubles when it is half
 * full (or three quarters, for a large set looked up little:
 * tu_map_set_dense), so every operation stays O(1) on average.
 *
 * The keys are copied one after the other into one buffer of the map's,
 * and a slot names its key by offset: 16 bytes a slot and no allocation
 * per key (a slot was 24 bytes and a key its own malloc: a map of the
 * 75,000 unit IDs of a 10 MB article took 8.7 MB, now 4.9; issue 15). */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct slot {
	uint32_t key;	/* 1 + the key's offset in keys; 0: empty */
	uint32_t hash;	/* of the key (tu_hash64 folded) */
	size_t value;
} slot;

struct tu_map {
	slot *slots;
	size_t cap;	/* a power of two */
	size_t n;
	char *keys;	/* the keys, each NUL-terminated */
	size_t keys_len, keys_cap;
	bool dense;	/* grows when three quarters full */
};

uint64_t
tu_hash64(const char *s, size_t n)
{
	return tu_hash64_more(TU_HASH64_INIT, s, n);	/* 64-bit FNV-1a */
}

uint64_t
tu_hash64_more(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t
tu_hash64_pair(const char *s, size_t n, uint64_t *h2, const char *s2, size_t n2)
{
	uint64_t h = TU_HASH64_INIT, g = *h2;
	size_t both = n < n2 ? n : n2, i;

	/* Each step of FNV-1a waits for the multiplication before it; two
	 * hashes in one loop take about the time of one. */
	for (i = 0; i < both; i++) {
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
		g = (g ^ (unsigned char)s2[i]) * 0x100000001b3ULL;
	}
	*h2 = tu_hash64_more(g, s2 + i, n2 - i);
	return tu_hash64_more(h, s + i, n - i);
}

static uint32_t
hash_of(const char *key, size_t len)
{
	uint64_t h = tu_hash64(key, len);

	return (uint32_t)(h ^ (h >> 32));
}

tu_map *
tu_map_new(size_t hint)
{
	tu_map *m = calloc(1, sizeof *m);
	size_t cap = 16;

	if (m == NULL)
		return NULL;
	while (cap < hint * 2 && cap < ((size_t)1 << 31))
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
tu_map_set_dense(tu_map *m)
{
	m->dense = true;
}

void
tu_map_free(tu_map *m)
{
	if (m == NULL)
		return;
	free(m->keys);
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
find(const tu_map *m, const char *key, uint32_t h)
{
	size_t mask = m->cap - 1, i = (size_t)h & mask;

	for (;; i = (i + 1) & mask) {
		slot *s = &m->slots[i];

		if (s->key == 0 || (s->hash == h && strcmp(m->keys + s->key - 1, key) == 0))
			return s;
	}
}

static bool
grow(tu_map *m)
{
	slot *old = m->slots;
	size_t old_cap = m->cap;

	if (old_cap >= ((size_t)1 << 31))
		return false;	/* (the hash has 32 bits) */
	m->slots = calloc(old_cap * 2, sizeof *m->slots);
	if (m->slots == NULL) {
		m->slots = old;
		return false;
	}
	m->cap = old_cap * 2;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].key != 0) {
			size_t mask = m->cap - 1, j = (size_t)old[i].hash & mask;

			while (m->slots[j].key != 0)
				j = (j + 1) & mask;
			m->slots[j] = old[i];
		}
	free(old);
	return true;
}

bool
tu_map_get(const tu_map *m, const char *key, size_t *value)
{
	const slot *s = find(m, key, hash_of(key, strlen(key)));

	if (s->key == 0)
		return false;
	if (value)
		*value = s->value;
	return true;
}

/* Copies key (len bytes and a NUL) to the end of m->keys: its offset + 1,
 * or 0 when memory or the 32-bit offsets run out. */
static uint32_t
keep_key(tu_map *m, const char *key, size_t len)
{
	size_t at = m->keys_len;

	if (len + 1 > UINT32_MAX - 1 - at)
		return 0;
	if (at + len + 1 > m->keys_cap) {
		size_t cap = m->keys_cap ? m->keys_cap : 64;
		char *k;

		while (cap < at + len + 1)
			cap *= 2;
		if ((k = realloc(m->keys, cap)) == NULL)
			return 0;
		m->keys = k;
		m->keys_cap = cap;
	}
	memcpy(m->keys + at, key, len + 1);
	m->keys_len = at + len + 1;
	return (uint32_t)at + 1;
}

size_t *
tu_map_slot(tu_map *m, const char *key, bool *added)
{
	size_t len = strlen(key);
	uint32_t h = hash_of(key, len), k;
	slot *s = find(m, key, h);

	if (added)
		*added = false;
	if (s->key != 0)
		return &s->value;
	if (m->dense ? (m->n + 1) * 4 > m->cap * 3 : (m->n + 1) * 2 > m->cap) {
		if (!grow(m))
			return NULL;
		s = find(m, key, h);
	}
	if ((k = keep_key(m, key, len)) == 0)
		return NULL;
	s->key = k;
	s->hash = h;
	s->value = 0;
	m->n++;
	if (added)
		*added = true;
	return &s->value;
}
