/*
 * arena.c: per-module memory, freed in one go when the module is unloaded.
 */
#include <stdlib.h>
#include <string.h>
#include "core.h"

struct arena_chunk
{
    struct arena_chunk *next;
    size_t size;                  /* usable bytes after the header */
    _Alignas(16) unsigned char data[];
};

#define ARENA_MIN_CHUNK (16 * 1024 - sizeof(struct arena_chunk))

void arena_init(struct arena *arena)
{
    memset(arena, 0, sizeof(*arena));
}

void *arena_alloc(struct arena *arena, size_t size)
{
    struct arena_chunk *chunk;
    size_t need = (size + 15) & ~(size_t)15;
    void *ptr;

    if (need < size) return NULL; /* overflow */
    if (!arena->chunks || arena->capacity - arena->used < need)
    {
        size_t chunk_size = need > ARENA_MIN_CHUNK ? need : ARENA_MIN_CHUNK;

        /* Grow chunk sizes with the arena so that big modules take few
         * mallocs, but never more than 1 MiB at a time beyond the need. */
        if (arena->total / 4 > chunk_size && need <= (1u << 20))
            chunk_size = arena->total / 4 > (1u << 20) ? (1u << 20) : arena->total / 4;
        if (chunk_size > SIZE_MAX - sizeof(*chunk)) return NULL;
        chunk = malloc(sizeof(*chunk) + chunk_size);
        if (!chunk) return NULL;
        chunk->next = arena->chunks;
        chunk->size = chunk_size;
        arena->chunks = chunk;
        arena->used = 0;
        arena->capacity = chunk_size;
        arena->total += sizeof(*chunk) + chunk_size;
    }
    ptr = arena->chunks->data + arena->used;
    arena->used += need;
    memset(ptr, 0, size);
    return ptr;
}

char *arena_strndup(struct arena *arena, const char *str, size_t len)
{
    char *copy = arena_alloc(arena, len + 1);

    if (!copy) return NULL;
    memcpy(copy, str, len);
    copy[len] = 0;
    return copy;
}

void arena_free_all(struct arena *arena)
{
    struct arena_chunk *chunk, *next;

    for (chunk = arena->chunks; chunk; chunk = next)
    {
        next = chunk->next;
        free(chunk);
    }
    arena_init(arena);
}

void *array_reserve(void *data, uint32_t *cap, uint32_t count, size_t elem, uint32_t max)
{
    uint32_t n;
    void *grown;

    if (count < *cap) return data;
    if (*cap >= max) return NULL;
    n = *cap ? (*cap > max / 2 ? max : *cap * 2) : (max < 16 ? max : 16);
    if (!(grown = realloc(data, (size_t)n * elem))) return NULL;
    *cap = n;
    return grown;
}
