/*
 * undname_private.h: what the two undecorators (undname.c for Microsoft
 * names, undname_itanium.c for Itanium names) share: a bump allocator that
 * is freed in one go, and a growable output buffer.
 */
#ifndef UNDNAME_PRIVATE_H
#define UNDNAME_PRIVATE_H

#include <stddef.h>

/* Largest result or temporary total we build: a hostile name (back
 * references multiply text) fails instead of eating memory. */
#define UND_MAX_TOTAL ((size_t)4 << 20)
/* Deepest recursion of the parsers (nested types, templates, symbols). */
#define UND_MAX_DEPTH 200

/* Every allocation of one undecoration; und_pool_free releases them all. */
struct und_pool
{
    struct und_chunk *chunks; /* newest first */
    size_t total;             /* bytes allocated, checked against UND_MAX_TOTAL */
};

void und_pool_init(struct und_pool *pool);
void und_pool_free(struct und_pool *pool);
/* Zeroed memory, or NULL when out of memory or over the limit. */
void *und_alloc(struct und_pool *pool, size_t size);
/* Copies of strings in the pool; NULL on failure (NULL inputs give NULL). */
char *und_strndup(struct und_pool *pool, const char *s, size_t n);
/* Concatenation of the strings up to the terminating NULL argument. */
char *und_cat(struct und_pool *pool, ...);

/* A growable string with a sticky failure flag (malloc'ed, not pooled). */
struct und_buf
{
    char *data;   /* NUL-terminated when len > 0 or after und_buf_add */
    size_t len;
    size_t cap;
    int failed;   /* out of memory or over UND_MAX_TOTAL */
};

void und_buf_add(struct und_buf *buf, const char *s);
void und_buf_addn(struct und_buf *buf, const char *s, size_t n);
void und_buf_addc(struct und_buf *buf, char c);
/* Last character, or 0 when empty. */
char und_buf_last(const struct und_buf *buf);

/* Itanium names: the undecorated text (malloc'ed, caller frees) or NULL. */
char *und_itanium(const char *mangled, unsigned flags);

#endif /* UNDNAME_PRIVATE_H */
