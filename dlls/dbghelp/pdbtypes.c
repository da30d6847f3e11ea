/*
 * pdbtypes.c: the TPI stream's type records as nodes of the module's type
 * store (types.h), the model the DWARF reader fills too, so SymGetTypeInfo
 * answers alike for both formats.  Portable core.
 *
 * Records are converted on first use, each once (an id per type index);
 * a record only names records before it, except a forward reference of a
 * struct, class, union or enum, which is resolved by name to its
 * definition.  A UDT's or enum's node is made first and its field list
 * filled later from a work list (pdbt_drain), so conversion never follows
 * a chain of members; the remaining recursion (pointers, modifiers,
 * arrays, procedures) is bounded.  CodeView's leaves as LLVM's "CodeView
 * Type Records" and Microsoft's cvinfo.h document them.
 */
#include <stdlib.h>
#include <string.h>
#include "pdb_int.h"
#include "symtab.h"
#include "types.h"

#define LF_VTSHAPE     0x000a
#define LF_MODIFIER    0x1001
#define LF_POINTER     0x1002
#define LF_PROCEDURE   0x1008
#define LF_MFUNCTION   0x1009
#define LF_ARGLIST     0x1201
#define LF_FIELDLIST   0x1203
#define LF_BITFIELD    0x1205
#define LF_METHODLIST  0x1206
#define LF_BCLASS      0x1400
#define LF_VBCLASS     0x1401
#define LF_IVBCLASS    0x1402
#define LF_INDEX       0x1404
#define LF_VFUNCTAB    0x1409
#define LF_ENUMERATE   0x1502
#define LF_ARRAY       0x1503
#define LF_CLASS       0x1504
#define LF_STRUCTURE   0x1505
#define LF_UNION       0x1506
#define LF_ENUM        0x1507
#define LF_MEMBER      0x150d
#define LF_STMEMBER    0x150e
#define LF_METHOD      0x150f
#define LF_NESTTYPE    0x1510
#define LF_ONEMETHOD   0x1511
#define LF_INTERFACE   0x1519

#define PROP_FWDREF 0x80
#define PROP_NESTED 0x08

#define ID_BUSY 0xffffffffu
#define MAX_DEPTH 48
#define MAX_FIELDLISTS 64 /* LF_INDEX continuations followed */

struct work
{
    uint32_t id;        /* the UDT or enum */
    uint32_t fieldlist; /* its type index */
};

struct pdbt
{
    struct typetab *tt;
    struct symtab_builder *b;
    const struct pdb_types *tpi;
    int ptr64;
    uint32_t *ids;              /* per record: node id, ID_BUSY, or 0 */
    uint32_t builtin[0x1000];   /* built-in type indices */
    uint32_t *heads, *next;     /* definitions by name: nheads chains */
    uint32_t nheads;
    struct work *work;
    uint32_t nwork, capwork;
};

static const char *intern(struct pdbt *t, const char *s, int len)
{
    return len > 0 ? symtab_intern(t->b, s, (size_t)len) : NULL;
}

static uint32_t name_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    size_t i;

    for (i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* A UDT or enum record's property word, name and kind; 0 when it is
 * none. */
static int udt_info(const struct cvrec *r, uint16_t *prop, const char **name, int *nlen, uint32_t *fieldlist,
                    uint64_t *size)
{
    uint32_t at, used;
    uint64_t v = 0;
    int sgn;

    if (r->len < 4) return 0;
    *prop = pdb_get16(r->data + 2);
    switch (r->kind)
    {
    case LF_CLASS: case LF_STRUCTURE: case LF_INTERFACE:
        if (r->len < 16) return 0;
        *fieldlist = pdb_get32(r->data + 4);
        at = 16;
        break;
    case LF_UNION:
        if (r->len < 8) return 0;
        *fieldlist = pdb_get32(r->data + 4);
        at = 8;
        break;
    case LF_ENUM:
        if (r->len < 12) return 0;
        *fieldlist = pdb_get32(r->data + 8);
        *size = 0;
        *nlen = pdb_cstr(r->data + 12, r->len - 12, name);
        return *nlen >= 0;
    default:
        return 0;
    }
    if (pdb_numeric(r->data + at, r->len - at, &v, &used, &sgn)) return 0;
    *size = v;
    *nlen = pdb_cstr(r->data + at + used, r->len - at - used, name);
    return *nlen >= 0;
}

struct pdbt *pdbt_new(struct typetab *tt, struct symtab_builder *b, const struct pdb_types *tpi, int ptr64)
{
    struct pdbt *t = calloc(1, sizeof(*t));
    uint32_t i;

    if (!t) return NULL;
    t->tt = tt;
    t->b = b;
    t->tpi = tpi;
    t->ptr64 = ptr64;
    if (tpi->count)
    {
        t->nheads = 1;
        while (t->nheads < tpi->count && t->nheads < (1u << 20)) t->nheads *= 2;
        t->ids = calloc(tpi->count, sizeof(*t->ids));
        t->heads = calloc(t->nheads, sizeof(*t->heads));
        t->next = calloc(tpi->count, sizeof(*t->next));
        if (!t->ids || !t->heads || !t->next)
        {
            pdbt_free(t);
            return NULL;
        }
        /* The definitions, by name, for the forward references. */
        for (i = tpi->count; i-- > 0;)
        {
            struct cvrec r;
            uint16_t prop;
            const char *name;
            int nlen;
            uint32_t fl, h;
            uint64_t size;

            if (!pdb_type_rec(tpi, tpi->first + i, &r) || !udt_info(&r, &prop, &name, &nlen, &fl, &size) ||
                (prop & PROP_FWDREF) || nlen <= 0)
                continue;
            h = name_hash(name, (size_t)nlen) & (t->nheads - 1);
            t->next[i] = t->heads[h];
            t->heads[h] = i + 1;
        }
    }
    return t;
}

void pdbt_free(struct pdbt *t)
{
    if (!t) return;
    free(t->ids);
    free(t->heads);
    free(t->next);
    free(t->work);
    free(t);
}

void pdbt_set_builder(struct pdbt *t, struct symtab_builder *b)
{
    t->b = b;
}

struct typetab *pdbt_store(struct pdbt *t)
{
    return t->tt;
}

/* The definition of a forward reference (same leaf kind and name), as a
 * type index, or 0. */
static uint32_t definition_of(const struct pdbt *t, uint16_t kind, const char *name, int nlen)
{
    uint32_t i;

    if (nlen <= 0 || !t->nheads) return 0;
    for (i = t->heads[name_hash(name, (size_t)nlen) & (t->nheads - 1)]; i; i = t->next[i - 1])
    {
        struct cvrec r;
        uint16_t prop;
        const char *dname;
        int dlen;
        uint32_t fl;
        uint64_t size;

        if (pdb_type_rec(t->tpi, t->tpi->first + i - 1, &r) && r.kind == kind &&
            udt_info(&r, &prop, &dname, &dlen, &fl, &size) && dlen == nlen && !memcmp(dname, name, (size_t)nlen))
            return t->tpi->first + i - 1;
    }
    return 0;
}

/* Built-in types: the low byte is the kind, bits 8-11 the pointer mode. */
static uint32_t builtin(struct pdbt *t, uint32_t index)
{
    static const struct { uint8_t kind, bt, len; } kinds[] = {
        { 0x03, BT_VOID, 0 }, { 0x08, BT_HRESULT, 4 },
        { 0x10, BT_CHAR, 1 }, { 0x20, BT_UINT, 1 }, { 0x70, BT_CHAR, 1 }, { 0x68, BT_INT, 1 },
        { 0x69, BT_UINT, 1 }, { 0x7c, BT_CHAR8, 1 }, { 0x30, BT_BOOL, 1 },
        { 0x11, BT_INT, 2 }, { 0x21, BT_UINT, 2 }, { 0x72, BT_INT, 2 }, { 0x73, BT_UINT, 2 },
        { 0x71, BT_WCHAR, 2 }, { 0x7a, BT_CHAR16, 2 }, { 0x31, BT_BOOL, 2 }, { 0x46, BT_FLOAT, 2 },
        { 0x12, BT_LONG, 4 }, { 0x22, BT_ULONG, 4 }, { 0x74, BT_INT, 4 }, { 0x75, BT_UINT, 4 },
        { 0x7b, BT_CHAR32, 4 }, { 0x32, BT_BOOL, 4 }, { 0x40, BT_FLOAT, 4 },
        { 0x13, BT_INT, 8 }, { 0x23, BT_UINT, 8 }, { 0x76, BT_INT, 8 }, { 0x77, BT_UINT, 8 },
        { 0x33, BT_BOOL, 8 }, { 0x41, BT_FLOAT, 8 }, { 0x42, BT_FLOAT, 10 },
        { 0x14, BT_INT, 16 }, { 0x24, BT_UINT, 16 }, { 0x78, BT_INT, 16 }, { 0x79, BT_UINT, 16 },
        { 0x43, BT_FLOAT, 16 },
    };
    uint32_t kind = index & 0xff, mode = (index >> 8) & 0xf, i, id = 0, base;
    struct type_node *n;

    if (index >= 0x1000) return 0;
    if (t->builtin[index]) return t->builtin[index];
    if (mode)
    {
        /* A pointer to the kind: near32 4 bytes, near64 8. */
        if (!(base = builtin(t, kind)) && kind != 0x03) return 0;
        if (!(n = typetab_add(t->tt, TAG_POINTER_TYPE, &id))) return 0;
        n->type = base;
        n->length = mode == 4 ? 4 : mode == 6 ? 8 : t->ptr64 ? 8 : 4;
        return t->builtin[index] = id;
    }
    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (kinds[i].kind == kind)
        {
            if (!(n = typetab_add(t->tt, TAG_BASE_TYPE, &id))) return 0;
            n->kind = kinds[i].bt;
            n->length = kinds[i].len;
            return t->builtin[index] = id;
        }
    return 0;
}

static uint32_t convert(struct pdbt *t, uint32_t index, unsigned depth);

/* The size of a value of a node being built (typetab_type_size reads
 * published nodes only). */
static uint64_t node_size(const struct pdbt *t, uint32_t id)
{
    unsigned hops;

    for (hops = 0; hops < 16 && id; hops++)
    {
        const struct type_node *n = typetab_node_rw(t->tt, id);

        if (!n) return 0;
        if (n->tag != TAG_TYPEDEF && !(n->tag == TAG_ENUM && !n->length)) return n->length;
        id = n->type;
    }
    return 0;
}

static int push_work(struct pdbt *t, uint32_t id, uint32_t fieldlist)
{
    struct work *work = array_reserve(t->work, &t->capwork, t->nwork, sizeof(*work), 1u << 26);

    if (!work) return -1;
    t->work = work;
    t->work[t->nwork].id = id;
    t->work[t->nwork].fieldlist = fieldlist;
    t->nwork++;
    return 0;
}

/* The FUNCTION_TYPE of LF_PROCEDURE or LF_MFUNCTION. */
static uint32_t procedure(struct pdbt *t, const struct cvrec *r, uint32_t self, unsigned depth)
{
    uint32_t id, rv, args, call, at, i, nargs;
    struct type_node *n;
    struct id_list kids;
    struct cvrec al;

    if (!(n = typetab_add(t->tt, TAG_FUNCTION_TYPE, &id))) return 0;
    t->ids[self] = id;
    rv = pdb_get32(r->data);
    if (r->kind == LF_PROCEDURE)
    {
        if (r->len < 12) return id;
        call = r->data[4];
        args = pdb_get32(r->data + 8);
        at = 0;
    }
    else
    {
        if (r->len < 24) return id;
        call = r->data[12];
        args = pdb_get32(r->data + 16);
        n->value = (int32_t)pdb_get32(r->data + 20);
        at = 1;
    }
    n->kind = (uint16_t)call;
    n->type = convert(t, rv, depth + 1);
    if (at)
    {
        uint32_t cls = convert(t, pdb_get32(r->data + 4), depth + 1);
        uint32_t self_type = convert(t, pdb_get32(r->data + 8), depth + 1);

        n = typetab_node_rw(t->tt, id);
        n->parent = cls;
        n->aux = self_type;
    }
    id_list_init(&kids);
    if (pdb_type_rec(t->tpi, args, &al) && al.kind == LF_ARGLIST && al.len >= 4)
    {
        nargs = pdb_get32(al.data);
        if (nargs > (al.len - 4) / 4) nargs = (al.len - 4) / 4;
        for (i = 0; i < nargs; i++)
        {
            uint32_t a = pdb_get32(al.data + 4 + 4 * i), aid;
            struct type_node *arg;

            /* A trailing T_NOTYPE is "...". */
            if (!a && i + 1 == nargs)
            {
                typetab_node_rw(t->tt, id)->flags |= TNF_VARARGS;
                break;
            }
            if (!(arg = typetab_add(t->tt, TAG_FUNCTION_ARG_TYPE, &aid))) break;
            arg->type = convert(t, a, depth + 1);
            if (id_list_push(&kids, aid)) break;
        }
    }
    typetab_set_kids(t->tt, id, kids.ids, kids.count);
    typetab_node_rw(t->tt, id)->count = kids.count;
    id_list_free(&kids);
    return id;
}

static uint32_t convert(struct pdbt *t, uint32_t index, unsigned depth)
{
    struct type_node *n;
    struct cvrec r;
    uint32_t self, id = 0, sub, used;
    uint64_t v;
    int sgn;

    if (index < 0x1000) return builtin(t, index);
    if (index - t->tpi->first >= t->tpi->count || index < t->tpi->first) return 0;
    self = index - t->tpi->first;
    if (t->ids[self]) return t->ids[self] == ID_BUSY ? 0 : t->ids[self];
    if (depth > MAX_DEPTH || !pdb_type_rec(t->tpi, index, &r)) return 0;
    switch (r.kind)
    {
    case LF_MODIFIER:
        /* const and volatile are not nodes. */
        if (r.len < 4) return 0;
        t->ids[self] = ID_BUSY;
        id = convert(t, pdb_get32(r.data), depth + 1);
        t->ids[self] = id;
        return id;
    case LF_POINTER:
    {
        uint32_t attr, mode;

        if (r.len < 8 || !(n = typetab_add(t->tt, TAG_POINTER_TYPE, &id))) return 0;
        t->ids[self] = id;
        attr = pdb_get32(r.data + 4);
        mode = (attr >> 5) & 7;
        n->length = (attr >> 13) & 0x3f;
        if (mode == 1) n->flags |= TNF_REFERENCE;
        if (mode == 4) n->flags |= TNF_REFERENCE | TNF_RVALUE;
        sub = convert(t, pdb_get32(r.data), depth + 1);
        n = typetab_node_rw(t->tt, id);
        n->type = sub;
        if ((mode == 2 || mode == 3) && r.len >= 12)
        {
            sub = convert(t, pdb_get32(r.data + 8), depth + 1);
            typetab_node_rw(t->tt, id)->aux = sub;
        }
        return id;
    }
    case LF_ARRAY:
    {
        uint64_t elem;

        if (r.len < 10 || pdb_numeric(r.data + 8, r.len - 8, &v, &used, &sgn)) return 0;
        if (!(n = typetab_add(t->tt, TAG_ARRAY_TYPE, &id))) return 0;
        t->ids[self] = id;
        n->length = v;
        sub = convert(t, pdb_get32(r.data), depth + 1);
        typetab_node_rw(t->tt, id)->type = sub;
        sub = convert(t, pdb_get32(r.data + 4), depth + 1);
        n = typetab_node_rw(t->tt, id);
        n->aux = sub;
        elem = node_size(t, n->type);
        n->count = elem ? (uint32_t)(v / elem) : 0;
        return id;
    }
    case LF_CLASS: case LF_STRUCTURE: case LF_INTERFACE: case LF_UNION: case LF_ENUM:
    {
        uint16_t prop;
        const char *name;
        int nlen;
        uint32_t fieldlist, def;
        uint64_t size;

        if (!udt_info(&r, &prop, &name, &nlen, &fieldlist, &size)) return 0;
        if ((prop & PROP_FWDREF) && (def = definition_of(t, r.kind, name, nlen)) && def != index)
        {
            t->ids[self] = ID_BUSY;
            id = convert(t, def, depth + 1);
            t->ids[self] = id;
            return id;
        }
        if (!(n = typetab_add(t->tt, r.kind == LF_ENUM ? TAG_ENUM : TAG_UDT, &id))) return 0;
        t->ids[self] = id;
        n->name = intern(t, name, nlen);
        if (prop & PROP_FWDREF) n->flags |= TNF_FORWARD;
        if (prop & PROP_NESTED) n->flags |= TNF_NESTED;
        if (r.kind == LF_ENUM)
        {
            sub = convert(t, pdb_get32(r.data + 4), depth + 1);
            n = typetab_node_rw(t->tt, id);
            n->type = sub;
            n->length = node_size(t, sub);
        }
        else
        {
            n->kind = r.kind == LF_UNION ? UDT_UNION : r.kind == LF_CLASS ? UDT_CLASS :
                      r.kind == LF_INTERFACE ? UDT_INTERFACE : UDT_STRUCT;
            n->length = size;
            if (r.kind != LF_UNION && pdb_get32(r.data + 12))
            {
                sub = convert(t, pdb_get32(r.data + 12), depth + 1);
                typetab_node_rw(t->tt, id)->aux = sub;
            }
        }
        if (!(prop & PROP_FWDREF) && fieldlist) push_work(t, id, fieldlist);
        return id;
    }
    case LF_PROCEDURE:
    case LF_MFUNCTION:
        if (r.len < 4) return 0;
        return procedure(t, &r, self, depth);
    case LF_BITFIELD:
        return r.len >= 4 ? convert(t, pdb_get32(r.data), depth + 1) : 0;
    case LF_VTSHAPE:
        if (r.len < 2 || !(n = typetab_add(t->tt, TAG_VTABLE_SHAPE, &id))) return 0;
        n->count = pdb_get16(r.data);
        return t->ids[self] = id;
    }
    return 0;
}

uint32_t pdbt_type(struct pdbt *t, uint32_t index)
{
    return convert(t, index, 0);
}

uint32_t pdbt_size(struct pdbt *t, uint32_t id)
{
    uint64_t len = node_size(t, id);

    return len > 0xffffffffu ? 0 : (uint32_t)len;
}

/* ---- field lists ----------------------------------------------------- */

/* A member node (DATA, BASE_CLASS, FUNCTION, VTABLE) of udt. */
static struct type_node *member(struct pdbt *t, uint16_t tag, uint32_t udt, struct id_list *kids)
{
    struct type_node *n;
    uint32_t id;

    if (!(n = typetab_add(t->tt, tag, &id))) return NULL;
    n->parent = udt;
    if (id_list_push(kids, id)) return NULL;
    return n;
}

static void method(struct pdbt *t, uint32_t udt, uint16_t attr, uint32_t type, const char *name, int nlen,
                   struct id_list *kids)
{
    uint32_t mprop = (attr >> 2) & 7, ftype = convert(t, type, 1);
    struct type_node *n = member(t, TAG_FUNCTION, udt, kids);

    if (!n) return;
    n->name = intern(t, name, nlen);
    n->type = ftype;
    if (mprop == 1 || mprop == 4 || mprop == 5 || mprop == 6) n->flags |= TNF_VIRTUAL;
}

/* One field list (and its LF_INDEX continuations) into udt's children. */
static void fill(struct pdbt *t, uint32_t udt, uint32_t fieldlist)
{
    struct type_node *u = typetab_node_rw(t->tt, udt), *n;
    int is_enum = u->tag == TAG_ENUM;
    struct id_list kids;
    unsigned lists = 0;
    struct cvrec r;

    id_list_init(&kids);
    while (lists++ < MAX_FIELDLISTS && pdb_type_rec(t->tpi, fieldlist, &r) && r.kind == LF_FIELDLIST)
    {
        uint32_t pos = 0, next_list = 0;

        while (pos + 2 <= r.len)
        {
            const unsigned char *p = r.data + pos;
            uint32_t avail = r.len - pos, used = 0, used2 = 0, at;
            uint16_t leaf = pdb_get16(p), attr;
            const char *name = NULL;
            int nlen = -1, sgn;
            uint64_t v = 0, v2 = 0;

            if (p[0] >= 0xf0)
            {
                /* LF_PAD: skip to the next sub-record. */
                pos += (p[0] & 0x0f) ? (p[0] & 0x0f) : 1;
                continue;
            }
            switch (leaf)
            {
            case LF_MEMBER:
            {
                struct cvrec bf;
                uint32_t type;

                if (avail < 10 || pdb_numeric(p + 8, avail - 8, &v, &used, &sgn)) goto done;
                at = 8 + used;
                if ((nlen = pdb_cstr(p + at, avail - at, &name)) < 0) goto done;
                pos += at + (uint32_t)nlen + 1;
                type = pdb_get32(p + 4);
                if (!(n = member(t, TAG_DATA, udt, &kids))) goto done;
                n->name = intern(t, name, nlen);
                n->kind = DATA_MEMBER;
                n->flags |= TNF_OFFSET;
                n->value = (int64_t)v;
                if (pdb_type_rec(t->tpi, type, &bf) && bf.kind == LF_BITFIELD && bf.len >= 6)
                {
                    n->flags |= TNF_BITFIELD;
                    n->length = bf.data[4];
                    /* Its bits within the unit at the member's offset, as
                     * the DWARF side reports them. */
                    n->bitpos = bf.data[5];
                }
                type = convert(t, type, 1);
                typetab_node_rw(t->tt, kids.ids[kids.count - 1])->type = type;
                break;
            }
            case LF_STMEMBER:
            {
                uint32_t type;

                if (avail < 8 || (nlen = pdb_cstr(p + 8, avail - 8, &name)) < 0) goto done;
                pos += 8 + (uint32_t)nlen + 1;
                type = convert(t, pdb_get32(p + 4), 1);
                if (!(n = member(t, TAG_DATA, udt, &kids))) goto done;
                n->name = intern(t, name, nlen);
                n->kind = DATA_STATIC_MEMBER;
                n->type = type;
                break;
            }
            case LF_BCLASS:
            {
                uint32_t type;

                if (avail < 10 || pdb_numeric(p + 8, avail - 8, &v, &used, &sgn)) goto done;
                pos += 8 + used;
                type = convert(t, pdb_get32(p + 4), 1);
                if (!(n = member(t, TAG_BASE_CLASS, udt, &kids))) goto done;
                n->type = type;
                n->flags |= TNF_OFFSET;
                n->value = (int64_t)v;
                n->name = typetab_node_rw(t->tt, type) ? typetab_node_rw(t->tt, type)->name : NULL;
                break;
            }
            case LF_VBCLASS:
            case LF_IVBCLASS:
            {
                uint32_t type;

                if (avail < 14 || pdb_numeric(p + 12, avail - 12, &v, &used, &sgn) ||
                    pdb_numeric(p + 12 + used, avail - 12 - used, &v2, &used2, &sgn))
                    goto done;
                pos += 12 + used + used2;
                type = convert(t, pdb_get32(p + 4), 1);
                if (!(n = member(t, TAG_BASE_CLASS, udt, &kids))) goto done;
                n->type = type;
                n->flags |= TNF_VIRTUAL | (leaf == LF_IVBCLASS ? TNF_INDIRECT : 0);
                n->aux = (uint32_t)v;
                n->count = (uint32_t)v2;
                n->name = typetab_node_rw(t->tt, type) ? typetab_node_rw(t->tt, type)->name : NULL;
                break;
            }
            case LF_ENUMERATE:
            {
                if (avail < 6 || pdb_numeric(p + 4, avail - 4, &v, &used, &sgn)) goto done;
                at = 4 + used;
                if ((nlen = pdb_cstr(p + at, avail - at, &name)) < 0) goto done;
                pos += at + (uint32_t)nlen + 1;
                if (!(n = member(t, TAG_DATA, udt, &kids))) goto done;
                n->name = intern(t, name, nlen);
                n->kind = DATA_CONSTANT;
                n->flags |= TNF_CONSTANT | (sgn ? 0 : TNF_UNSIGNED);
                n->value = (int64_t)v;
                n->type = is_enum ? u->type : 0;
                break;
            }
            case LF_ONEMETHOD:
            {
                uint32_t mprop;

                if (avail < 8) goto done;
                attr = pdb_get16(p + 2);
                mprop = (attr >> 2) & 7;
                at = 8 + ((mprop == 4 || mprop == 6) ? 4 : 0);
                if (at > avail || (nlen = pdb_cstr(p + at, avail - at, &name)) < 0) goto done;
                pos += at + (uint32_t)nlen + 1;
                method(t, udt, attr, pdb_get32(p + 4), name, nlen, &kids);
                break;
            }
            case LF_METHOD:
            {
                struct cvrec ml;
                uint32_t count, mpos = 0, k;

                if (avail < 8 || (nlen = pdb_cstr(p + 8, avail - 8, &name)) < 0) goto done;
                pos += 8 + (uint32_t)nlen + 1;
                count = pdb_get16(p + 2);
                if (!pdb_type_rec(t->tpi, pdb_get32(p + 4), &ml) || ml.kind != LF_METHODLIST) break;
                for (k = 0; k < count && mpos + 8 <= ml.len; k++)
                {
                    uint32_t mprop;

                    attr = pdb_get16(ml.data + mpos);
                    mprop = (attr >> 2) & 7;
                    method(t, udt, attr, pdb_get32(ml.data + mpos + 4), name, nlen, &kids);
                    mpos += 8 + ((mprop == 4 || mprop == 6) ? 4 : 0);
                }
                break;
            }
            case LF_NESTTYPE:
            {
                uint32_t type;

                if (avail < 8 || (nlen = pdb_cstr(p + 8, avail - 8, &name)) < 0) goto done;
                pos += 8 + (uint32_t)nlen + 1;
                /* The nested type (a typedef's target keeps its own name). */
                if ((type = convert(t, pdb_get32(p + 4), 1)) && id_list_push(&kids, type)) goto done;
                break;
            }
            case LF_VFUNCTAB:
            {
                uint32_t type;

                if (avail < 8) goto done;
                pos += 8;
                type = convert(t, pdb_get32(p + 4), 1);
                if (!(n = member(t, TAG_VTABLE, udt, &kids))) goto done;
                n->type = type;
                n->flags |= TNF_OFFSET;
                n->value = 0;
                /* clang names the shape here only (the record's vshape
                 * is 0): a pointer to the LF_VTSHAPE. */
                {
                    const struct type_node *ptr = typetab_node_rw(t->tt, type);
                    const struct type_node *shape = ptr ? typetab_node_rw(t->tt, ptr->type) : NULL;

                    u = typetab_node_rw(t->tt, udt);
                    if (!u->aux && shape && shape->tag == TAG_VTABLE_SHAPE) u->aux = ptr->type;
                }
                break;
            }
            case LF_INDEX:
                if (avail < 8) goto done;
                next_list = pdb_get32(p + 4);
                pos += 8;
                break;
            default:
                goto done; /* an unknown leaf: its size is unknown */
            }
        }
        if (!next_list) break;
        fieldlist = next_list;
    }
done:
    typetab_set_kids(t->tt, udt, kids.ids, kids.count);
    id_list_free(&kids);
}

void pdbt_drain(struct pdbt *t)
{
    uint32_t done = 0;

    /* Filling one may add more (members' types). */
    while (done < t->nwork)
    {
        struct work w = t->work[done++];

        fill(t, w.id, w.fieldlist);
    }
    t->nwork = 0;
    typetab_publish(t->tt);
}

void pdbt_all(struct pdbt *t)
{
    uint32_t i;

    for (i = 0; i < t->tpi->count; i++)
    {
        struct cvrec r;

        if (!pdb_type_rec(t->tpi, t->tpi->first + i, &r)) continue;
        switch (r.kind)
        {
        case LF_POINTER: case LF_ARRAY: case LF_CLASS: case LF_STRUCTURE: case LF_INTERFACE:
        case LF_UNION: case LF_ENUM: case LF_PROCEDURE: case LF_MFUNCTION:
            convert(t, t->tpi->first + i, 0);
            break;
        }
    }
}
