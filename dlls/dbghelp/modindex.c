/*
 * modindex.c: the module index of a process, an AVL tree of address ranges.
 *
 * Keyed by base; each node also keeps the largest range end in its subtree
 * (an interval tree), so "which module holds this address" is O(log n) even
 * when ranges overlap, and insertion and removal stay O(log n) with 10,000
 * modules loaded.
 */
#include <stdlib.h>
#include "core.h"

struct modindex_node
{
    struct modindex_node *left, *right; /* children; owned */
    uint64_t base, end;                 /* [base, end); end saturates */
    uint64_t max_end;                   /* largest end in this subtree */
    void *owner;                        /* the module; not owned */
    int height;
};

/* Nodes come from pools of NODES_PER_POOL: a tree of many modules stays
 * compact in memory (fewer cache misses per lookup), and loading or
 * unloading costs no malloc in the common case. */
#define NODES_PER_POOL 256
struct modindex_pool
{
    struct modindex_pool *next;
    size_t used;
    struct modindex_node nodes[NODES_PER_POOL];
};

void modindex_init(struct modindex *index)
{
    index->root = NULL;
    index->count = 0;
    index->pools = NULL;
    index->free_list = NULL;
}

static struct modindex_node *node_alloc(struct modindex *index)
{
    struct modindex_node *node = index->free_list;
    struct modindex_pool *pool = index->pools;

    if (node)
    {
        index->free_list = node->left;
        return node;
    }
    if (!pool || pool->used == NODES_PER_POOL)
    {
        if (!(pool = malloc(sizeof(*pool)))) return NULL;
        pool->next = index->pools;
        pool->used = 0;
        index->pools = pool;
    }
    return &pool->nodes[pool->used++];
}

static void node_free(struct modindex *index, struct modindex_node *node)
{
    node->left = index->free_list;
    index->free_list = node;
}

static int height(const struct modindex_node *n)
{
    return n ? n->height : 0;
}

static void update(struct modindex_node *n)
{
    int hl = height(n->left), hr = height(n->right);

    n->height = (hl > hr ? hl : hr) + 1;
    n->max_end = n->end;
    if (n->left && n->left->max_end > n->max_end) n->max_end = n->left->max_end;
    if (n->right && n->right->max_end > n->max_end) n->max_end = n->right->max_end;
}

static struct modindex_node *rotate_right(struct modindex_node *n)
{
    struct modindex_node *l = n->left;

    n->left = l->right;
    l->right = n;
    update(n);
    update(l);
    return l;
}

static struct modindex_node *rotate_left(struct modindex_node *n)
{
    struct modindex_node *r = n->right;

    n->right = r->left;
    r->left = n;
    update(n);
    update(r);
    return r;
}

static struct modindex_node *rebalance(struct modindex_node *n)
{
    int balance;

    update(n);
    balance = height(n->left) - height(n->right);
    if (balance > 1)
    {
        if (height(n->left->left) < height(n->left->right)) n->left = rotate_left(n->left);
        return rotate_right(n);
    }
    if (balance < -1)
    {
        if (height(n->right->right) < height(n->right->left)) n->right = rotate_right(n->right);
        return rotate_left(n);
    }
    return n;
}

static struct modindex_node *insert_node(struct modindex_node *n, struct modindex_node *new,
                                         int *dup)
{
    if (!n) return new;
    if (new->base == n->base)
    {
        *dup = 1;
        return n;
    }
    if (new->base < n->base) n->left = insert_node(n->left, new, dup);
    else n->right = insert_node(n->right, new, dup);
    return rebalance(n);
}

int modindex_insert(struct modindex *index, uint64_t base, uint64_t size, void *owner)
{
    struct modindex_node *node = node_alloc(index);
    int dup = 0;

    if (!node) return -1;
    node->left = node->right = NULL;
    node->base = base;
    node->end = base + size < base ? UINT64_MAX : base + size;
    node->max_end = node->end;
    node->owner = owner;
    node->height = 1;
    index->root = insert_node(index->root, node, &dup);
    if (dup)
    {
        node_free(index, node);
        return -1;
    }
    index->count++;
    return 0;
}

/* Detach the smallest node of a subtree into *min. */
static struct modindex_node *remove_min(struct modindex_node *n, struct modindex_node **min)
{
    if (!n->left)
    {
        *min = n;
        return n->right;
    }
    n->left = remove_min(n->left, min);
    return rebalance(n);
}

static struct modindex_node *remove_node(struct modindex *index, struct modindex_node *n,
                                         uint64_t base, void **owner)
{
    if (!n) return NULL;
    if (base < n->base) n->left = remove_node(index, n->left, base, owner);
    else if (base > n->base) n->right = remove_node(index, n->right, base, owner);
    else
    {
        struct modindex_node *l = n->left, *r = n->right, *min;

        *owner = n->owner;
        node_free(index, n);
        if (!r) return l;
        r = remove_min(r, &min);
        min->left = l;
        min->right = r;
        return rebalance(min);
    }
    return rebalance(n);
}

void *modindex_remove(struct modindex *index, uint64_t base)
{
    void *owner = NULL;

    index->root = remove_node(index, index->root, base, &owner);
    if (owner && !--index->count)
        modindex_clear(index); /* give the pools back once the index empties */
    return owner;
}

void *modindex_find_base(const struct modindex *index, uint64_t base)
{
    const struct modindex_node *n = index->root;

    while (n)
    {
        if (base == n->base) return n->owner;
        n = base < n->base ? n->left : n->right;
    }
    return NULL;
}

/* Greatest-base node containing addr in this subtree (bases <= addr only
 * can contain it; max_end prunes subtrees that end before addr). */
static const struct modindex_node *find_containing(const struct modindex_node *n, uint64_t addr)
{
    const struct modindex_node *found;

    if (!n || n->max_end <= addr) return NULL;
    if (n->base <= addr)
    {
        /* Right subtree has greater bases: prefer a hit there. */
        if ((found = find_containing(n->right, addr))) return found;
        if (addr < n->end) return n;
    }
    return find_containing(n->left, addr);
}

void *modindex_find(const struct modindex *index, uint64_t addr)
{
    const struct modindex_node *n = index->root, *floor = NULL;

    /* Fast path: the greatest base <= addr, which is the answer whenever
     * ranges do not overlap. */
    while (n)
    {
        if (n->base <= addr)
        {
            floor = n;
            n = n->right;
        }
        else n = n->left;
    }
    if (floor && addr < floor->end) return floor->owner;
    n = find_containing(index->root, addr);
    return n ? n->owner : NULL;
}

static int foreach_node(const struct modindex_node *n, int (*fn)(void *, void *), void *ctx)
{
    int ret;

    if (!n) return 0;
    if ((ret = foreach_node(n->left, fn, ctx))) return ret;
    if ((ret = fn(n->owner, ctx))) return ret;
    return foreach_node(n->right, fn, ctx);
}

int modindex_foreach(const struct modindex *index, int (*fn)(void *owner, void *ctx), void *ctx)
{
    return foreach_node(index->root, fn, ctx);
}

void modindex_clear(struct modindex *index)
{
    struct modindex_pool *pool, *next;

    for (pool = index->pools; pool; pool = next)
    {
        next = pool->next;
        free(pool);
    }
    modindex_init(index);
}
