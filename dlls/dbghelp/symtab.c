/*
 * symtab.c: building and searching a module's sorted tables (see symtab.h).
 *
 * The builder collects entries in malloc'ed growable vectors; finishing
 * sorts them, drops duplicates and copies them at their exact size into
 * the module arena, then frees the vectors.
 */
#include <stdlib.h>
#include <string.h>
#include "symtab.h"

#define NO_INDEX ((uint32_t)-1)
#define PUB_BIT 0x80000000u

/* ---- growable vectors --------------------------------------------------- */

struct vec
{
    void *data;
    size_t count, capacity, elem;
};

static void *vec_push(struct vec *v)
{
    if (v->count == v->capacity)
    {
        size_t cap = v->capacity ? v->capacity * 2 : 256;
        void *data = realloc(v->data, cap * v->elem);

        if (!data) return NULL;
        v->data = data;
        v->capacity = cap;
    }
    return (char *)v->data + v->elem * v->count++;
}

/* ---- string interning (file paths and inline names) -------------------- */

struct str_slot
{
    const char *str;    /* arena copy */
    uint32_t len, hash;
    uint32_t index;     /* for files: the file index */
};

struct str_set
{
    struct str_slot *slots;
    size_t count, mask;
};

static uint32_t hash_exact(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    size_t i;

    for (i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Find or insert; *slot receives the slot.  Returns -1 when out of memory,
 * 1 when inserted, 0 when found. */
static int str_set_get(struct str_set *set, struct arena *arena, const char *s, size_t len,
                       struct str_slot **slot)
{
    uint32_t h = hash_exact(s, len);
    size_t i;

    if ((set->count + 1) * 2 > set->mask + 1 || !set->slots)
    {
        size_t size = set->slots ? (set->mask + 1) * 2 : 1024, j;
        struct str_slot *slots = calloc(size, sizeof(*slots));

        if (!slots) return -1;
        for (j = 0; set->slots && j <= set->mask; j++)
        {
            struct str_slot *old = &set->slots[j];
            size_t k;

            if (!old->str) continue;
            for (k = old->hash & (size - 1); slots[k].str; k = (k + 1) & (size - 1)) {}
            slots[k] = *old;
        }
        free(set->slots);
        set->slots = slots;
        set->mask = size - 1;
    }
    for (i = h & set->mask; set->slots[i].str; i = (i + 1) & set->mask)
    {
        struct str_slot *cur = &set->slots[i];

        if (cur->hash == h && cur->len == len && !memcmp(cur->str, s, len))
        {
            *slot = cur;
            return 0;
        }
    }
    if (!(set->slots[i].str = arena_strndup(arena, s, len))) return -1;
    set->slots[i].len = (uint32_t)len;
    set->slots[i].hash = h;
    set->count++;
    *slot = &set->slots[i];
    return 1;
}

/* ---- the builder ---------------------------------------------------------- */

struct symtab_builder
{
    struct arena *arena;
    struct vec syms, pubs, lines, files, sites, ranges, locals, func_locals, frames;
    struct str_set file_set, name_set;
    struct typetab *types;
    int failed;
};

struct symtab_builder *symtab_builder_new(struct arena *arena)
{
    struct symtab_builder *b = calloc(1, sizeof(*b));

    if (!b) return NULL;
    b->arena = arena;
    b->syms.elem = b->pubs.elem = sizeof(struct sym_entry);
    b->lines.elem = sizeof(struct line_row);
    b->files.elem = sizeof(const char *);
    b->sites.elem = sizeof(struct inline_site);
    b->ranges.elem = sizeof(struct addr_range);
    b->locals.elem = sizeof(struct local_sym);
    b->func_locals.elem = sizeof(struct func_locals);
    b->frames.elem = sizeof(struct frame_row);
    return b;
}

void symtab_builder_free(struct symtab_builder *b)
{
    if (!b) return;
    free(b->syms.data);
    free(b->pubs.data);
    free(b->lines.data);
    free(b->files.data);
    free(b->sites.data);
    free(b->ranges.data);
    free(b->locals.data);
    free(b->func_locals.data);
    free(b->frames.data);
    free(b->file_set.slots);
    free(b->name_set.slots);
    free(b);
}

int symtab_add_symbol_typed(struct symtab_builder *b, uint32_t rva, uint32_t size,
                            const char *name, uint32_t flags, uint32_t tid)
{
    struct sym_entry *e = vec_push(flags & SYME_PUBLIC ? &b->pubs : &b->syms);

    if (!e) return b->failed = -1;
    e->rva = rva;
    e->size = size;
    e->name = name;
    e->flags = flags;
    e->next = 0;
    e->tid = tid;
    return 0;
}

int symtab_add_symbol_static(struct symtab_builder *b, uint32_t rva, uint32_t size,
                             const char *name, uint32_t flags)
{
    return symtab_add_symbol_typed(b, rva, size, name, flags, 0);
}

uint32_t symtab_sym_count(const struct symtab_builder *b)
{
    return (uint32_t)b->syms.count;
}

void symtab_set_tids(struct symtab_builder *b, uint32_t from, uint32_t tid)
{
    struct sym_entry *e = b->syms.data;
    size_t i;

    for (i = from; i < b->syms.count; i++) e[i].tid = tid;
}

void symtab_builder_set_types(struct symtab_builder *b, struct typetab *types)
{
    b->types = types;
}

struct typetab *symtab_builder_types(const struct symtab_builder *b)
{
    return b->types;
}

int symtab_add_symbol(struct symtab_builder *b, uint32_t rva, uint32_t size,
                      const char *name, size_t len, uint32_t flags)
{
    const char *copy = arena_strndup(b->arena, name, len);

    if (!copy) return b->failed = -1;
    return symtab_add_symbol_static(b, rva, size, copy, flags);
}

const char *symtab_intern(struct symtab_builder *b, const char *name, size_t len)
{
    struct str_slot *slot;

    if (str_set_get(&b->name_set, b->arena, name, len, &slot) < 0)
    {
        b->failed = -1;
        return NULL;
    }
    return slot->str;
}

uint32_t symtab_add_file(struct symtab_builder *b, const char *path)
{
    struct str_slot *slot;
    const char **entry;
    int res = str_set_get(&b->file_set, b->arena, path, strlen(path), &slot);

    if (res < 0) goto oom;
    if (res == 0) return slot->index;
    if (!(entry = vec_push(&b->files))) goto oom;
    *entry = slot->str;
    slot->index = (uint32_t)(b->files.count - 1);
    return slot->index;
oom:
    b->failed = -1;
    return NO_INDEX;
}

int symtab_add_line(struct symtab_builder *b, uint32_t rva, uint32_t line, uint32_t file,
                    int end_sequence)
{
    struct line_row *row = vec_push(&b->lines);

    if (!row) return b->failed = -1;
    row->rva = rva;
    row->line = line;
    row->file = file | (end_sequence ? LINE_END_SEQ : 0);
    return 0;
}

int symtab_add_frame(struct symtab_builder *b, const struct frame_row *row)
{
    struct frame_row *r = vec_push(&b->frames);

    if (!r) return b->failed = -1;
    *r = *row;
    if (row->program && !(r->program = symtab_intern(b, row->program, strlen(row->program))))
    {
        b->frames.count--;
        return b->failed = -1;
    }
    return 0;
}

static int frame_cmp(const void *a, const void *b)
{
    const struct frame_row *x = a, *y = b;

    if (x->rva != y->rva) return x->rva < y->rva ? -1 : 1;
    return x->size > y->size ? -1 : x->size < y->size;
}

uint32_t symtab_open_site(struct symtab_builder *b, uint32_t depth, const char *name,
                          uint32_t call_file, uint32_t call_line)
{
    struct inline_site *site = vec_push(&b->sites);

    if (!site)
    {
        b->failed = -1;
        return NO_INDEX;
    }
    site->name = name;
    site->call_file = call_file;
    site->call_line = call_line;
    site->depth = depth;
    site->end = (uint32_t)b->sites.count;
    site->range_first = (uint32_t)b->ranges.count;
    site->range_count = 0;
    return (uint32_t)(b->sites.count - 1);
}

int symtab_add_site_range(struct symtab_builder *b, uint32_t site, uint32_t lo, uint32_t hi)
{
    struct addr_range *r;

    if (site >= b->sites.count || lo >= hi) return 0;
    if (!(r = vec_push(&b->ranges))) return b->failed = -1;
    r->lo = lo;
    r->hi = hi;
    r->site = site;
    ((struct inline_site *)b->sites.data)[site].range_count++;
    return 0;
}

void symtab_close_site(struct symtab_builder *b, uint32_t site)
{
    if (site < b->sites.count)
        ((struct inline_site *)b->sites.data)[site].end = (uint32_t)b->sites.count;
}

int64_t symtab_add_local(struct symtab_builder *b, const char *name, int32_t offset, uint32_t flags,
                         uint16_t reg, uint32_t tid)
{
    struct local_sym *l = vec_push(&b->locals);

    if (!l)
    {
        b->failed = -1;
        return -1;
    }
    l->name = name;
    l->offset = offset;
    l->flags = flags;
    l->reg = reg;
    l->tid = tid;
    return (int64_t)b->locals.count - 1;
}

uint32_t symtab_local_count(const struct symtab_builder *b)
{
    return (uint32_t)b->locals.count;
}

int symtab_set_func_locals(struct symtab_builder *b, uint32_t rva, uint32_t first, uint32_t count)
{
    struct func_locals *f;

    if (!count) return 0;
    if (!(f = vec_push(&b->func_locals))) return b->failed = -1;
    f->rva = rva;
    f->first = first;
    f->count = count;
    return 0;
}

static int func_locals_cmp(const void *a, const void *b)
{
    const struct func_locals *x = a, *y = b;

    return x->rva < y->rva ? -1 : x->rva > y->rva;
}

uint32_t symtab_find_locals(const struct symtab *tab, uint32_t rva, uint32_t *first)
{
    size_t n = SORTED_COUNT_LE(tab->func_locals, tab->nfunc_locals, rva, rva);

    if (!n || tab->func_locals[n - 1].rva != rva) return 0;
    *first = tab->func_locals[n - 1].first;
    return tab->func_locals[n - 1].count;
}

/* ---- finishing ------------------------------------------------------------ */

static int sym_cmp(const void *a, const void *b)
{
    const struct sym_entry *x = a, *y = b;

    if (x->rva != y->rva) return x->rva < y->rva ? -1 : 1;
    /* Larger first: the enclosing entry wins ties; then by name. */
    if (x->size != y->size) return x->size > y->size ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* Line rows: by address; at one address an end-of-sequence row comes
 * first (the next sequence starts there) and otherwise table order is kept,
 * so the last row read applies.  The sort key carries the original index. */
struct line_key
{
    struct line_row row;
    uint32_t order;
};

static int line_cmp(const void *a, const void *b)
{
    const struct line_key *x = a, *y = b;
    int xe = (x->row.file & LINE_END_SEQ) != 0, ye = (y->row.file & LINE_END_SEQ) != 0;

    if (x->row.rva != y->row.rva) return x->row.rva < y->row.rva ? -1 : 1;
    if (xe != ye) return xe ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int range_cmp(const void *a, const void *b)
{
    const struct addr_range *x = a, *y = b;

    if (x->lo != y->lo) return x->lo < y->lo ? -1 : 1;
    return x->hi > y->hi ? -1 : x->hi < y->hi;
}

static void *arena_copy(struct arena *arena, const void *src, size_t size)
{
    void *dst;

    if (!size) return NULL;
    if ((dst = arena_alloc(arena, size))) memcpy(dst, src, size);
    return dst;
}

/* Sort and drop exact duplicates (same rva, size and name).  What one
 * reader knows of a name's C decoration holds for its duplicate (an
 * export "_f@8" is the PDB's C-decorated public). */
static size_t sort_syms(struct sym_entry *syms, size_t count)
{
    size_t i, out = 0;

    if (count > 1) qsort(syms, count, sizeof(*syms), sym_cmp);
    for (i = 0; i < count; i++)
    {
        if (out && syms[out - 1].rva == syms[i].rva && !strcmp(syms[out - 1].name, syms[i].name))
        {
            syms[out - 1].flags |= syms[i].flags & SYME_CDECOR;
            continue;
        }
        syms[out++] = syms[i];
    }
    return out;
}

size_t symtab_c_core(const char *name, size_t len, size_t *start)
{
    size_t end = len, i;

    if (len < 2 || (name[0] != '_' && name[0] != '@')) return 0;
    if (name[0] == '_' && name[1] == '_' && len > 2 && name[2] == 'Z') return 0;
    /* A trailing "@digits" is the stdcall/fastcall argument size. */
    for (i = len; i > 1 && name[i - 1] >= '0' && name[i - 1] <= '9'; i--) {}
    if (i < len && i > 2 && name[i - 1] == '@') end = i - 1;
    else if (name[0] == '@') return 0; /* fastcall always has the size */
    *start = 1;
    return end - 1;
}

static uint32_t fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c + 32u : c;
}

static int names_equal(const char *a, const char *b, size_t len, int case_insensitive)
{
    size_t i;

    if (!case_insensitive) return !memcmp(a, b, len);
    for (i = 0; i < len; i++)
        if (fold((unsigned char)a[i]) != fold((unsigned char)b[i])) return 0;
    return 1;
}

/* Is name (len bytes) the core of e's C-decorated name? */
static int name_is_core(const struct sym_entry *e, const char *name, size_t len, int case_insensitive)
{
    size_t start, core;

    if (!(e->flags & SYME_CDECOR)) return 0;
    core = symtab_c_core(e->name, strlen(e->name), &start);
    return core == len && names_equal(e->name + start, name, len, case_insensitive);
}

/* The hash key of an entry: its core when it is C-decorated. */
static uint32_t entry_hash(const struct sym_entry *e)
{
    size_t len = strlen(e->name), start = 0, core;

    if ((e->flags & SYME_CDECOR) && (core = symtab_c_core(e->name, len, &start)))
        return symtab_hash(e->name + start, core);
    return symtab_hash(e->name, len);
}

/* Flag publics that name the same thing as a function or variable (same
 * rva and name, a C-decorated public by its core): enumerations list each
 * symbol once, and SYMOPT_PUBLICS_ONLY still finds them.  Returns how
 * many. */
static uint32_t flag_shadowed(const struct sym_entry *syms, size_t nsyms, struct sym_entry *pubs,
                              size_t npubs)
{
    size_t i, j = 0, k;
    uint32_t count = 0;

    for (i = 0; i < npubs; i++)
    {
        while (j < nsyms && syms[j].rva < pubs[i].rva) j++;
        for (k = j; k < nsyms && syms[k].rva == pubs[i].rva; k++)
            if (!strcmp(syms[k].name, pubs[i].name) || name_is_core(&pubs[i], syms[k].name, strlen(syms[k].name), 0))
            {
                pubs[i].flags |= SYME_SHADOWED;
                count++;
                break;
            }
    }
    return count;
}

uint32_t symtab_hash(const char *name, size_t len)
{
    uint32_t h = 2166136261u;
    size_t i;

    for (i = 0; i < len; i++) h = (h ^ fold((unsigned char)name[i])) * 16777619u;
    return h;
}

static int build_lines(struct symtab_builder *b, struct symtab *out)
{
    struct line_row *rows = b->lines.data;
    struct line_key *keys;
    size_t i, n = b->lines.count, kept = 0;

    if (!n) return 0;
    if (!(keys = malloc(n * sizeof(*keys)))) return -1;
    /* Within a sequence (rows come one sequence after another, each ended
     * by its end row), a row followed by one at the same address covers
     * nothing: the last row at an address applies, even when it is the end
     * of the sequence. */
    for (i = 0, kept = 0; i < n; i++)
    {
        if (!(rows[i].file & LINE_END_SEQ) && i + 1 < n && rows[i + 1].rva == rows[i].rva) continue;
        keys[kept].row = rows[i];
        keys[kept].order = (uint32_t)kept;
        kept++;
    }
    n = kept;
    kept = 0;
    /* Sequences usually come in address order already: sort only when not. */
    for (i = 1; i < n; i++)
        if (line_cmp(&keys[i - 1], &keys[i]) > 0) break;
    if (i < n) qsort(keys, n, sizeof(*keys), line_cmp);
    /* Collapse rows sharing an address to the last one; keep an end marker
     * only where no row starts at its address. */
    for (i = 0; i < n; i++)
    {
        const struct line_row *row = &keys[i].row;

        if (kept && rows[kept - 1].rva == row->rva)
        {
            rows[kept - 1] = *row;
            continue;
        }
        rows[kept++] = *row;
    }
    free(keys);
    out->nlines = (uint32_t)kept;
    if (!(out->lines = arena_copy(b->arena, rows, kept * sizeof(*rows)))) return -1;
    out->has_lines = 1;
    return 0;
}

static int build_hash(struct symtab_builder *b, struct symtab *out)
{
    uint32_t total = out->nsyms + out->npubs, size = 16, i;

    while (size < total) size *= 2;
    if (!(out->hash = arena_alloc(b->arena, size * sizeof(*out->hash)))) return -1;
    out->nhash = size;
    /* Insert in reverse so each chain lists entries in table order. */
    for (i = out->npubs; i-- > 0;)
    {
        struct sym_entry *e = &out->pubs[i];
        uint32_t *bucket = &out->hash[entry_hash(e) & (size - 1)];

        e->next = *bucket;
        *bucket = (i + 1) | PUB_BIT;
    }
    for (i = out->nsyms; i-- > 0;)
    {
        struct sym_entry *e = &out->syms[i];
        uint32_t *bucket = &out->hash[entry_hash(e) & (size - 1)];

        e->next = *bucket;
        *bucket = i + 1;
    }
    return 0;
}

int symtab_builder_finish(struct symtab_builder *b, struct symtab *out)
{
    struct inline_site *sites = b->sites.data;
    struct addr_range *ranges = b->ranges.data, *top = NULL;
    size_t i, ntop = 0;
    int ret = -1;

    memset(out, 0, sizeof(*out));
    if (b->failed) goto done;
    out->nsyms = (uint32_t)sort_syms(b->syms.data, b->syms.count);
    out->npubs = (uint32_t)sort_syms(b->pubs.data, b->pubs.count);
    out->nshadowed = flag_shadowed(b->syms.data, out->nsyms, b->pubs.data, out->npubs);
    if (out->nsyms && !(out->syms = arena_copy(b->arena, b->syms.data,
                                               out->nsyms * sizeof(struct sym_entry))))
        goto done;
    if (out->npubs && !(out->pubs = arena_copy(b->arena, b->pubs.data,
                                               out->npubs * sizeof(struct sym_entry))))
        goto done;
    if (build_hash(b, out)) goto done;
    if (build_lines(b, out)) goto done;
    out->nfiles = (uint32_t)b->files.count;
    if (out->nfiles && !(out->files = arena_copy(b->arena, b->files.data,
                                                 out->nfiles * sizeof(const char *))))
        goto done;
    out->nsites = (uint32_t)b->sites.count;
    out->nranges = (uint32_t)b->ranges.count;
    if (out->nsites && !(out->sites = arena_copy(b->arena, sites, out->nsites * sizeof(*sites))))
        goto done;
    if (out->nranges)
    {
        if (!(out->ranges = arena_copy(b->arena, ranges, out->nranges * sizeof(*ranges))))
            goto done;
        for (i = 0; i < out->nranges; i++)
            if (sites[ranges[i].site].depth == 1) ntop++;
        if (ntop && !(top = arena_alloc(b->arena, ntop * sizeof(*top)))) goto done;
        for (i = 0, ntop = 0; i < out->nranges; i++)
            if (sites[ranges[i].site].depth == 1) top[ntop++] = ranges[i];
        if (ntop) qsort(top, ntop, sizeof(*top), range_cmp); /* top may be NULL */
        out->top = top;
        out->ntop = (uint32_t)ntop;
    }
    out->nlocals = (uint32_t)b->locals.count;
    if (out->nlocals && !(out->locals = arena_copy(b->arena, b->locals.data,
                                                   out->nlocals * sizeof(struct local_sym))))
        goto done;
    out->nfunc_locals = (uint32_t)b->func_locals.count;
    if (out->nfunc_locals)
    {
        if (!(out->func_locals = arena_copy(b->arena, b->func_locals.data,
                                            out->nfunc_locals * sizeof(struct func_locals))))
            goto done;
        qsort(out->func_locals, out->nfunc_locals, sizeof(struct func_locals), func_locals_cmp);
    }
    out->nframes = (uint32_t)b->frames.count;
    if (out->nframes)
    {
        if (!(out->frames = arena_copy(b->arena, b->frames.data, out->nframes * sizeof(struct frame_row))))
            goto done;
        qsort(out->frames, out->nframes, sizeof(struct frame_row), frame_cmp);
    }
    ret = 0;
done:
    symtab_builder_free(b);
    return ret;
}

/* ---- lookups ------------------------------------------------------------ */

const struct frame_row *symtab_find_frame(const struct symtab *tab, uint32_t rva)
{
    size_t n = SORTED_COUNT_LE(tab->frames, tab->nframes, rva, rva);
    unsigned steps;

    /* Rows of one function nest (each prologue step starts one that runs
     * to the end): the last starting at or before rva that covers it. */
    for (steps = 0; n > 0 && steps < 64; steps++)
    {
        const struct frame_row *r = &tab->frames[--n];

        if (rva - r->rva < r->size) return r;
    }
    return NULL;
}

/* Index of the last entry with rva <= the given one, or -1. */
static int64_t last_at_or_before(const struct sym_entry *syms, uint32_t n, uint32_t rva)
{
    return (int64_t)SORTED_COUNT_LE(syms, n, rva, rva) - 1;
}

const struct sym_entry *symtab_find_sym(const struct symtab *tab, uint32_t rva)
{
    int64_t i = last_at_or_before(tab->syms, tab->nsyms, rva);
    int steps;

    /* Entries rarely nest; look back a little for an enclosing one. */
    for (steps = 0; i >= 0 && steps < 8; i--, steps++)
    {
        const struct sym_entry *e = &tab->syms[i];

        if (e->flags & SYME_DELETED) continue;
        if (rva - e->rva < e->size || (rva == e->rva && !e->size)) return e;
    }
    return NULL;
}

const struct sym_entry *symtab_find_public(const struct symtab *tab, uint32_t rva, int shadowed)
{
    int64_t i = last_at_or_before(tab->pubs, tab->npubs, rva);
    uint32_t skip = SYME_DELETED | (shadowed ? 0 : SYME_SHADOWED);

    while (i >= 0 && (tab->pubs[i].flags & skip)) i--;
    return i >= 0 ? &tab->pubs[i] : NULL;
}

const struct line_row *symtab_find_line(const struct symtab *tab, uint32_t rva)
{
    size_t lo = SORTED_COUNT_LE(tab->lines, tab->nlines, rva, rva);

    if (!lo || (tab->lines[lo - 1].file & LINE_END_SEQ)) return NULL;
    return &tab->lines[lo - 1];
}

const struct addr_range *symtab_find_top_site(const struct symtab *tab, uint32_t rva)
{
    size_t lo = SORTED_COUNT_LE(tab->top, tab->ntop, lo, rva), hi;

    /* Depth-1 ranges do not overlap (each belongs to one function body);
     * still, allow a couple of nested leftovers. */
    for (hi = 0; lo > 0 && hi < 4; lo--, hi++)
        if (rva < tab->top[lo - 1].hi) return &tab->top[lo - 1];
    return NULL;
}

int symtab_site_contains(const struct symtab *tab, uint32_t site, uint32_t rva)
{
    const struct inline_site *s = &tab->sites[site];
    uint32_t i;

    for (i = 0; i < s->range_count; i++)
    {
        const struct addr_range *r = &tab->ranges[s->range_first + i];

        if (rva >= r->lo && rva < r->hi) return 1;
    }
    return 0;
}

uint32_t symtab_site_low(const struct symtab *tab, uint32_t site)
{
    const struct inline_site *s = &tab->sites[site];
    uint32_t i, low = UINT32_MAX;

    for (i = 0; i < s->range_count; i++)
        if (tab->ranges[s->range_first + i].lo < low) low = tab->ranges[s->range_first + i].lo;
    return low;
}

uint32_t symtab_inline_chain(const struct symtab *tab, uint32_t rva, uint32_t *out, uint32_t max)
{
    const struct addr_range *top = symtab_find_top_site(tab, rva);
    uint32_t count = 0, site, end;

    if (!top) return 0;
    site = top->site;
    if (max) out[0] = site;
    count = 1;
    /* Walk down: the next deeper site containing rva lies in this one's
     * subtree; skip whole subtrees that do not contain it. */
    end = tab->sites[site].end;
    site++;
    while (site < end && site < tab->nsites)
    {
        if (symtab_site_contains(tab, site, rva))
        {
            if (count < max) out[count] = site;
            count++;
            end = tab->sites[site].end;
            site++;
        }
        else site = tab->sites[site].end > site ? tab->sites[site].end : site + 1;
    }
    return count;
}

static const struct sym_entry *entry_at(const struct symtab *tab, uint32_t ref)
{
    if (ref & PUB_BIT) return &tab->pubs[(ref & ~PUB_BIT) - 1];
    return &tab->syms[ref - 1];
}

const struct sym_entry *symtab_find_name(const struct symtab *tab, const char *name, size_t len,
                                         int case_insensitive, unsigned tables)
{
    size_t start = 0, core;
    uint32_t ref;

    if (!tab->nhash) return NULL;
    for (ref = tab->hash[symtab_hash(name, len) & (tab->nhash - 1)]; ref; ref = entry_at(tab, ref)->next)
    {
        const struct sym_entry *e = entry_at(tab, ref);

        if (e->flags & SYME_DELETED) continue;
        if (!(tables & (ref & PUB_BIT ? SYMTAB_PUBS : SYMTAB_SYMS))) continue;
        if (e->flags & SYME_CDECOR)
        {
            if (name_is_core(e, name, len, case_insensitive)) return e;
            continue;
        }
        if (strlen(e->name) == len && names_equal(e->name, name, len, case_insensitive)) return e;
    }
    /* A decorated query ("_f@8") is in the chain of its core. */
    if (!(tables & SYMTAB_PUBS) || !(core = symtab_c_core(name, len, &start))) return NULL;
    for (ref = tab->hash[symtab_hash(name + start, core) & (tab->nhash - 1)]; ref; ref = entry_at(tab, ref)->next)
    {
        const struct sym_entry *e = entry_at(tab, ref);

        if ((e->flags & (SYME_DELETED | SYME_CDECOR)) != SYME_CDECOR || !(ref & PUB_BIT)) continue;
        if (strlen(e->name) == len && names_equal(e->name, name, len, case_insensitive)) return e;
    }
    return NULL;
}
