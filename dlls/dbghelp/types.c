/*
 * types.c: the type store of a module (see types.h).
 */
#include <stdlib.h>
#include <string.h>
#include "types.h"
#include "symtab.h"

void typetab_init(struct typetab *tt, struct arena *arena)
{
    memset(tt, 0, sizeof(*tt));
    tt->arena = arena;
}

/* The node at index i (id - 1), which exists. */
static struct type_node *node_at(const struct typetab *tt, uint32_t i)
{
    uint32_t chunk = i / TYPETAB_CHUNK;

    return &tt->blocks[chunk / TYPETAB_BLOCK][chunk % TYPETAB_BLOCK][i % TYPETAB_CHUNK];
}

struct type_node *typetab_add(struct typetab *tt, uint16_t tag, uint32_t *id)
{
    uint32_t i = tt->count, chunk = i / TYPETAB_CHUNK;
    struct type_node ***block;
    struct type_node *node;

    if (i >= TYPETAB_MAX) return NULL;
    block = &tt->blocks[chunk / TYPETAB_BLOCK];
    if (!*block && !(*block = arena_alloc(tt->arena, TYPETAB_BLOCK * sizeof(**block)))) return NULL;
    if (!(*block)[chunk % TYPETAB_BLOCK] &&
        !((*block)[chunk % TYPETAB_BLOCK] = arena_alloc(tt->arena, TYPETAB_CHUNK * sizeof(struct type_node))))
        return NULL;
    node = node_at(tt, i);
    memset(node, 0, sizeof(*node));
    node->tag = tag;
    *id = ++tt->count;
    return node;
}

struct type_node *typetab_node_rw(struct typetab *tt, uint32_t id)
{
    if (!id || id > tt->count) return NULL;
    return node_at(tt, id - 1);
}

void typetab_publish(struct typetab *tt)
{
    __atomic_store_n(&tt->published, tt->count, __ATOMIC_RELEASE);
}

const struct type_node *typetab_get(const struct typetab *tt, uint32_t id)
{
    uint32_t n = __atomic_load_n(&tt->published, __ATOMIC_ACQUIRE);

    if (!id || id > n) return NULL;
    return node_at(tt, id - 1);
}

int typetab_set_kids(struct typetab *tt, uint32_t id, const uint32_t *kids, uint32_t count)
{
    struct type_node *node = typetab_node_rw(tt, id);
    uint32_t *copy;

    if (!node) return -1;
    if (!count)
    {
        node->kids = NULL;
        node->nkids = 0;
        return 0;
    }
    if (!(copy = arena_alloc(tt->arena, (size_t)count * sizeof(*copy)))) return -1;
    memcpy(copy, kids, (size_t)count * sizeof(*copy));
    node->kids = copy;
    node->nkids = count;
    return 0;
}

int typetab_is_type_tag(uint16_t tag)
{
    switch (tag)
    {
    case TAG_UDT: case TAG_ENUM: case TAG_FUNCTION_TYPE: case TAG_POINTER_TYPE:
    case TAG_ARRAY_TYPE: case TAG_BASE_TYPE: case TAG_TYPEDEF: case TAG_VTABLE_SHAPE:
    case TAG_FUNCTION_ARG_TYPE: case TAG_BASE_CLASS:
        return 1;
    default:
        return 0;
    }
}

uint32_t typetab_untypedef(const struct typetab *tt, uint32_t id)
{
    const struct type_node *n;
    int hops;

    for (hops = 0; hops < 64 && (n = typetab_get(tt, id)) && n->tag == TAG_TYPEDEF && n->type; hops++)
        id = n->type;
    return id;
}

uint64_t typetab_type_size(const struct typetab *tt, uint32_t id)
{
    const struct type_node *n;
    int hops;

    for (hops = 0; hops < 64 && (n = typetab_get(tt, id)); hops++)
    {
        switch (n->tag)
        {
        case TAG_TYPEDEF:
            id = n->type;
            continue;
        case TAG_ENUM:
            if (n->length) return n->length;
            id = n->type;
            continue;
        case TAG_BASE_TYPE: case TAG_POINTER_TYPE: case TAG_UDT: case TAG_ARRAY_TYPE:
            return n->length;
        default:
            return 0;
        }
    }
    return 0;
}

const struct type_loc *typetab_loc_at(const struct type_loc *locs, uint32_t nlocs, uint32_t rva)
{
    uint32_t i;

    /* Lists are short and not always sorted: the first entry covering. */
    for (i = 0; i < nlocs; i++)
        if (rva >= locs[i].lo && rva < locs[i].hi) return &locs[i];
    return NULL;
}

/* ---- the name index ------------------------------------------------------ */

/* The named things SymGetTypeFromName and SymEnumTypesByName find. */
static int is_named_type(const struct type_node *n)
{
    return n->name && n->name[0] &&
           (n->tag == TAG_UDT || n->tag == TAG_ENUM || n->tag == TAG_TYPEDEF || n->tag == TAG_BASE_TYPE);
}

int typetab_index(struct typetab *tt)
{
    uint32_t id, n = 0, nb, *buckets, *chain, *indexed, i;

    if (tt->buckets) return 0;
    for (id = 1; id <= tt->published; id++)
        if (is_named_type(typetab_get(tt, id))) n++;
    for (nb = 64; nb < n && nb < (1u << 30); nb *= 2) {}
    buckets = arena_alloc(tt->arena, (size_t)nb * sizeof(*buckets));
    chain = arena_alloc(tt->arena, (size_t)(n + 1) * sizeof(*chain));
    indexed = arena_alloc(tt->arena, (size_t)(n + 1) * sizeof(*indexed));
    if (!buckets || !chain || !indexed) return -1;
    /* Insert from the last id so that each chain runs in id order. */
    i = n;
    for (id = tt->published; id >= 1; id--)
    {
        const struct type_node *node = typetab_get(tt, id);
        uint32_t h;

        if (!is_named_type(node)) continue;
        h = symtab_hash(node->name, strlen(node->name)) & (nb - 1);
        indexed[--i] = id;
        chain[i] = buckets[h];
        buckets[h] = i + 1;
    }
    tt->chain = chain;
    tt->indexed = indexed;
    tt->nindexed = n;
    tt->nbuckets = nb;
    __atomic_store_n(&tt->buckets, buckets, __ATOMIC_RELEASE);
    return 0;
}

static int name_equal(const char *a, const char *b, size_t len, int case_insensitive)
{
    size_t i;

    if (!case_insensitive) return !strncmp(a, b, len) && !a[len];
    for (i = 0; i < len; i++)
    {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

        if (x >= 'A' && x <= 'Z') x += 32;
        if (y >= 'A' && y <= 'Z') y += 32;
        if (x != y || !x) return 0;
    }
    return !a[len];
}

uint32_t typetab_find_name(const struct typetab *tt, const char *name, size_t len,
                           int case_insensitive)
{
    uint32_t *buckets = __atomic_load_n(&tt->buckets, __ATOMIC_ACQUIRE), i, id, best = 0;

    if (buckets)
    {
        for (i = buckets[symtab_hash(name, len) & (tt->nbuckets - 1)]; i; i = tt->chain[i - 1])
        {
            const struct type_node *node = typetab_get(tt, tt->indexed[i - 1]);

            if (!name_equal(node->name, name, len, case_insensitive)) continue;
            /* A definition before a declaration of the same name. */
            if (!(node->flags & TNF_FORWARD)) return tt->indexed[i - 1];
            if (!best) best = tt->indexed[i - 1];
        }
        return best;
    }
    for (id = 1; id <= tt->published; id++)
    {
        const struct type_node *node = typetab_get(tt, id);

        if (!is_named_type(node) || !name_equal(node->name, name, len, case_insensitive)) continue;
        if (!(node->flags & TNF_FORWARD)) return id;
        if (!best) best = id;
    }
    return best;
}

size_t typetab_bytes(const struct typetab *tt)
{
    size_t chunks = (tt->count + TYPETAB_CHUNK - 1) / TYPETAB_CHUNK;
    size_t blocks = (chunks + TYPETAB_BLOCK - 1) / TYPETAB_BLOCK;

    return chunks * TYPETAB_CHUNK * sizeof(struct type_node) + blocks * TYPETAB_BLOCK * sizeof(void *);
}

/* ---- id lists ------------------------------------------------------------- */

void id_list_init(struct id_list *l)
{
    l->ids = l->inline_ids;
    l->count = 0;
    l->cap = sizeof(l->inline_ids) / sizeof(l->inline_ids[0]);
}

int id_list_push(struct id_list *l, uint32_t id)
{
    if (!l->ids) id_list_init(l);
    if (l->count == l->cap)
    {
        uint32_t cap = l->cap * 2, *grown;

        if (l->ids == l->inline_ids)
        {
            if (!(grown = malloc((size_t)cap * sizeof(*grown)))) return -1;
            memcpy(grown, l->ids, (size_t)l->count * sizeof(*grown));
        }
        else if (!(grown = realloc(l->ids, (size_t)cap * sizeof(*grown)))) return -1;
        l->ids = grown;
        l->cap = cap;
    }
    l->ids[l->count++] = id;
    return 0;
}

void id_list_free(struct id_list *l)
{
    if (l->ids != l->inline_ids) free(l->ids);
    id_list_init(l);
}
