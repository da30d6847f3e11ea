/*
 * dwtypes.c: DWARF types into the type store (types.h), the other half of
 * the libdwarf adapter (dwarf_int.h).
 *
 * Every DIE that becomes a node is remembered by its offset, so a type is
 * read once per module however many units or readings refer to it, and a
 * unit read again (all units after some were read on demand) finds its
 * nodes.  Aggregates (structs, unions, classes, enums, function types)
 * are made in two steps: the node with its name and size when first met,
 * its members later from a work list, so that reading follows no chain of
 * references deeper than the qualifiers, pointers, typedefs and arrays
 * between two aggregates (a hostile chain ends at MAX_DEPTH with no type).
 *
 * C++ names are qualified ("ns::Outer::Inner") from the namespaces and
 * classes a unit declares them in: the first reading of a C++ unit notes
 * the DIE offset range of each such scope.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "dwarf_int.h"

#define ID_BUSY 0xffffffffu /* a qualifier being resolved: a cycle */

/* ---- DIE offset -> node id ------------------------------------------------ */

struct die_map
{
    Dwarf_Off *keys; /* offset + 1; 0 is empty */
    uint32_t *ids;
    size_t count, mask;
};

static size_t map_slot(const struct die_map *m, Dwarf_Off off)
{
    return (size_t)((off * 0x9E3779B97F4A7C15ull) >> 24) & m->mask;
}

static int map_get(const struct die_map *m, Dwarf_Off off, uint32_t *id)
{
    size_t i;

    if (!m->keys) return 0;
    for (i = map_slot(m, off); m->keys[i]; i = (i + 1) & m->mask)
        if (m->keys[i] == off + 1)
        {
            *id = m->ids[i];
            return 1;
        }
    return 0;
}

static int map_put(struct die_map *m, Dwarf_Off off, uint32_t id)
{
    size_t i;

    if (!m->keys || (m->count + 1) * 2 > m->mask + 1)
    {
        size_t size = m->keys ? (m->mask + 1) * 2 : 1024, j;
        struct die_map grown;

        grown.keys = calloc(size, sizeof(*grown.keys));
        grown.ids = malloc(size * sizeof(*grown.ids));
        if (!grown.keys || !grown.ids)
        {
            free(grown.keys);
            free(grown.ids);
            return -1;
        }
        grown.mask = size - 1;
        grown.count = m->count;
        for (j = 0; m->keys && j <= m->mask; j++)
        {
            if (!m->keys[j]) continue;
            for (i = map_slot(&grown, m->keys[j] - 1); grown.keys[i]; i = (i + 1) & grown.mask) {}
            grown.keys[i] = m->keys[j];
            grown.ids[i] = m->ids[j];
        }
        free(m->keys);
        free(m->ids);
        *m = grown;
    }
    for (i = map_slot(m, off); m->keys[i]; i = (i + 1) & m->mask)
        if (m->keys[i] == off + 1)
        {
            m->ids[i] = id;
            return 0;
        }
    m->keys[i] = off + 1;
    m->ids[i] = id;
    m->count++;
    return 0;
}

/* ---- the reader's state ----------------------------------------------------- */

/* A namespace or class of a C++ unit: DIE offsets [lo, hi). */
struct scope
{
    Dwarf_Off lo, hi;    /* lo: the namespace's or class's own DIE */
    const char *prefix;  /* qualified name, arena */
    uint32_t parent;     /* index + 1 of the enclosing scope, 0 at the top */
    int is_class;
};

struct work
{
    Dwarf_Off off;
    uint32_t id;
};

struct frame
{
    uint32_t id;
    int fresh;           /* made by this reading: collect its children */
    struct id_list kids;
};

struct dwt
{
    struct die_map map;
    struct die_map derived; /* (tag, type, flags, length) -> shared node */
    struct die_map udts;    /* a definition's signature -> its node */
    struct die_map udt_names; /* a struct's name -> its first definition */
    struct work *work;
    size_t nwork, work_cap;
    struct scope *scopes; /* of the current unit, sorted by lo */
    size_t nscopes, scope_cap;
    int cplus;            /* the current unit is C++ */
    uint32_t *compilands; /* per unit: its COMPILAND node, 0 until read */
    unsigned char *unit_done;
    unsigned nunits;
    uint32_t compiland;   /* of the current unit */
    int unit_fresh;       /* first reading of the current unit */
    struct id_list unit_kids; /* its functions and variables, when fresh */
    uint32_t void_id;
    uint32_t *bases;      /* the base types made, for sharing */
    size_t nbases, bases_cap;
    struct frame stack[MAX_DEPTH];
    unsigned depth;
};

static struct dwt *dwt_state(struct reader *r)
{
    if (!r->types) r->types = calloc(1, sizeof(*r->types));
    return r->types;
}

void dwt_free(struct reader *r)
{
    struct dwt *t = r->types;
    unsigned i;

    if (!t) return;
    for (i = 0; i < t->depth; i++) id_list_free(&t->stack[i].kids);
    free(t->map.keys);
    free(t->map.ids);
    free(t->derived.keys);
    free(t->derived.ids);
    free(t->udts.keys);
    free(t->udts.ids);
    free(t->udt_names.keys);
    free(t->udt_names.ids);
    free(t->work);
    free(t->scopes);
    free(t->compilands);
    free(t->unit_done);
    free(t->bases);
    id_list_free(&t->unit_kids);
    free(t);
    r->types = NULL;
}

static struct type_node *new_node(struct reader *r, uint16_t tag, uint32_t *id)
{
    struct type_node *n = typetab_add(r->tt, tag, id);

    if (!n) *id = 0;
    return n;
}

static const char *intern(struct reader *r, const char *s)
{
    return s ? symtab_intern(r->b, s, strlen(s)) : NULL;
}

/* ---- LEB128, bounded by the expression ---------------------------------------- */

static int read_uleb(const unsigned char *p, Dwarf_Unsigned len, Dwarf_Unsigned *pos, uint64_t *out)
{
    uint64_t val = 0;
    unsigned shift = 0;
    unsigned char byte = 0x80;

    while (*pos < len && (byte & 0x80))
    {
        byte = p[(*pos)++];
        if (shift < 64) val |= (uint64_t)(byte & 0x7f) << shift;
        shift += 7;
    }
    *out = val;
    return !(byte & 0x80);
}

/* ---- a DIE's attributes, in one pass ------------------------------------------ */

enum
{
    HAS_NAME = 0x1, HAS_TYPE = 0x2, HAS_SPEC = 0x4, HAS_ORIGIN = 0x8, HAS_BYTE_SIZE = 0x10,
    HAS_BIT_SIZE = 0x20, HAS_DATA_BIT_OFFSET = 0x40, HAS_BIT_OFFSET = 0x80, HAS_COUNT = 0x100,
    HAS_UPPER = 0x200, HAS_LOWER = 0x400, HAS_ENCODING = 0x800, HAS_MEMBER_LOC = 0x1000,
    HAS_CONST = 0x2000, HAS_CONTAINING = 0x4000, HAS_VBASE = 0x8000, HAS_CC = 0x10000,
    HAS_VIRTUALITY = 0x20000, HAS_LANGUAGE = 0x40000
};

enum { CONST_UNSIGNED, CONST_SIGNED, CONST_DATA };

struct die_info
{
    Dwarf_Off off;
    Dwarf_Half tag;
    unsigned has;
    const char *name;      /* libdwarf's, valid while the session is */
    Dwarf_Off type, spec, origin, containing;
    Dwarf_Unsigned byte_size, bit_size, data_bit_offset, bit_offset, count, upper, lower;
    Dwarf_Unsigned encoding, cc, virtuality, language;
    Dwarf_Unsigned member_loc;
    Dwarf_Unsigned vbase_disp; /* a virtual base: its offset's slot before the vptr */
    uint64_t const_u;
    int const_kind;
    unsigned const_bytes;  /* CONST_DATA: the form's size */
    int declaration, external, artificial, enum_class;
};

static int attr_unsigned(struct reader *r, Dwarf_Attribute attr, Dwarf_Half form, Dwarf_Unsigned *val)
{
    Dwarf_Error err = NULL;
    Dwarf_Signed s;
    int res;

    if (form == DW_FORM_sdata || form == DW_FORM_implicit_const)
    {
        res = dwarf_formsdata(attr, &s, &err);
        *val = (Dwarf_Unsigned)s;
    }
    else res = dwarf_formudata(attr, val, &err);
    dw_drop_error(r, &err);
    return res == DW_DLV_OK;
}

static int attr_ref(struct reader *r, Dwarf_Attribute attr, Dwarf_Off *off)
{
    Dwarf_Error err = NULL;
    int res = dwarf_global_formref(attr, off, &err);

    dw_drop_error(r, &err);
    return res == DW_DLV_OK;
}

static int attr_flag(struct reader *r, Dwarf_Attribute attr)
{
    Dwarf_Error err = NULL;
    Dwarf_Bool flag = 0;

    if (dwarf_formflag(attr, &flag, &err) != DW_DLV_OK) dw_drop_error(r, &err);
    return flag != 0;
}

/* The bytes of a block or expression attribute (valid while the section
 * is); *blk is set when a Dwarf_Block must be freed. */
static const unsigned char *attr_block(struct reader *r, Dwarf_Attribute attr, Dwarf_Half form,
                                       Dwarf_Unsigned *len, Dwarf_Block **blk)
{
    Dwarf_Error err = NULL;
    Dwarf_Ptr ptr = NULL;

    *blk = NULL;
    if (form == DW_FORM_exprloc)
    {
        if (dwarf_formexprloc(attr, len, &ptr, &err) == DW_DLV_OK) return ptr;
    }
    else if (form == DW_FORM_block1 || form == DW_FORM_block2 || form == DW_FORM_block4 ||
             form == DW_FORM_block)
    {
        if (dwarf_formblock(attr, blk, &err) == DW_DLV_OK)
        {
            *len = (*blk)->bl_len;
            return (*blk)->bl_data;
        }
    }
    dw_drop_error(r, &err);
    return NULL;
}

/* A member location: a constant (DWARF 3+), DW_OP_plus_uconst (DWARF 2),
 * or a virtual base's expression (DW_OP_dup, DW_OP_deref, a constant,
 * DW_OP_minus, ...: the constant is the slot's distance before the vptr). */
static void member_location(struct reader *r, Dwarf_Attribute attr, Dwarf_Half form,
                            struct die_info *d)
{
    Dwarf_Unsigned len = 0, pos = 0;
    Dwarf_Block *blk;
    const unsigned char *p;
    uint64_t val;

    if (form != DW_FORM_exprloc && form != DW_FORM_block1 && form != DW_FORM_block2 &&
        form != DW_FORM_block4 && form != DW_FORM_block)
    {
        if (attr_unsigned(r, attr, form, &d->member_loc)) d->has |= HAS_MEMBER_LOC;
        return;
    }
    if (!(p = attr_block(r, attr, form, &len, &blk))) return;
    if (len >= 1 && p[0] == DW_OP_plus_uconst)
    {
        pos = 1;
        if (read_uleb(p, len, &pos, &val))
        {
            d->member_loc = val;
            d->has |= HAS_MEMBER_LOC;
        }
    }
    else if (len >= 3 && p[0] == DW_OP_dup && p[1] == DW_OP_deref)
    {
        pos = 2;
        if (p[2] >= DW_OP_lit0 && p[2] <= DW_OP_lit31) val = p[2] - DW_OP_lit0, pos = 3;
        else if (p[2] == DW_OP_constu && (pos = 3, read_uleb(p, len, &pos, &val))) {}
        else if (p[2] == DW_OP_const1u && len >= 4) val = p[3], pos = 4;
        else val = 0, pos = 0;
        if (pos)
        {
            d->vbase_disp = val;
            d->has |= HAS_VBASE;
        }
    }
    if (blk) dwarf_dealloc(r->dbg, blk, DW_DLA_BLOCK);
}

static void const_value(struct reader *r, Dwarf_Attribute attr, Dwarf_Half form, struct die_info *d)
{
    Dwarf_Unsigned val;

    switch (form)
    {
    case DW_FORM_sdata: case DW_FORM_implicit_const: d->const_kind = CONST_SIGNED; break;
    case DW_FORM_udata: d->const_kind = CONST_UNSIGNED; break;
    case DW_FORM_data1: d->const_kind = CONST_DATA; d->const_bytes = 1; break;
    case DW_FORM_data2: d->const_kind = CONST_DATA; d->const_bytes = 2; break;
    case DW_FORM_data4: d->const_kind = CONST_DATA; d->const_bytes = 4; break;
    case DW_FORM_data8: d->const_kind = CONST_DATA; d->const_bytes = 8; break;
    default: return; /* blocks, strings: not a number */
    }
    if (!attr_unsigned(r, attr, form, &val)) return;
    d->const_u = val;
    d->has |= HAS_CONST;
}

/* The attributes kept as they are: a reference or a number, and the bit
 * of `has` that says it was there. */
enum { ATTR_REF, ATTR_NUMBER, ATTR_BOUND /* a number, not an expression or a reference */ };

static const struct attr_slot
{
    Dwarf_Half at;
    unsigned char kind;
    unsigned has;
    size_t offset;
} attr_slots[] =
{
#define SLOT(at, kind, has, field) { at, kind, has, offsetof(struct die_info, field) }
    SLOT(DW_AT_type, ATTR_REF, HAS_TYPE, type),
    SLOT(DW_AT_specification, ATTR_REF, HAS_SPEC, spec),
    SLOT(DW_AT_abstract_origin, ATTR_REF, HAS_ORIGIN, origin),
    SLOT(DW_AT_containing_type, ATTR_REF, HAS_CONTAINING, containing),
    SLOT(DW_AT_byte_size, ATTR_NUMBER, HAS_BYTE_SIZE, byte_size),
    SLOT(DW_AT_bit_size, ATTR_NUMBER, HAS_BIT_SIZE, bit_size),
    SLOT(DW_AT_data_bit_offset, ATTR_NUMBER, HAS_DATA_BIT_OFFSET, data_bit_offset),
    SLOT(DW_AT_bit_offset, ATTR_NUMBER, HAS_BIT_OFFSET, bit_offset),
    SLOT(DW_AT_count, ATTR_BOUND, HAS_COUNT, count),
    SLOT(DW_AT_upper_bound, ATTR_BOUND, HAS_UPPER, upper),
    SLOT(DW_AT_lower_bound, ATTR_NUMBER, HAS_LOWER, lower),
    SLOT(DW_AT_encoding, ATTR_NUMBER, HAS_ENCODING, encoding),
    SLOT(DW_AT_calling_convention, ATTR_NUMBER, HAS_CC, cc),
    SLOT(DW_AT_virtuality, ATTR_NUMBER, HAS_VIRTUALITY, virtuality),
    SLOT(DW_AT_language, ATTR_NUMBER, HAS_LANGUAGE, language),
#undef SLOT
};

/* An attribute of attr_slots: 1 when it was one (read or not). */
static int read_slot(struct reader *r, Dwarf_Attribute attr, Dwarf_Half at, Dwarf_Half form,
                     struct die_info *d)
{
    size_t i;

    for (i = 0; i < sizeof(attr_slots) / sizeof(attr_slots[0]); i++)
    {
        const struct attr_slot *slot = &attr_slots[i];
        void *field;

        if (slot->at != at) continue;
        field = (char *)d + slot->offset;
        if (slot->kind == ATTR_REF)
        {
            if (attr_ref(r, attr, field)) d->has |= slot->has;
        }
        else if (slot->kind == ATTR_BOUND &&
                 (form == DW_FORM_exprloc || (form >= DW_FORM_ref1 && form <= DW_FORM_ref_udata)))
            ; /* a variable bound (a VLA): no count */
        else if (attr_unsigned(r, attr, form, field) &&
                 (at != DW_AT_virtuality || *(Dwarf_Unsigned *)field))
            d->has |= slot->has;
        return 1;
    }
    return 0;
}

static void die_info_read(struct reader *r, Dwarf_Die die, struct die_info *d)
{
    Dwarf_Attribute *attrs = NULL;
    Dwarf_Signed count = 0, i;
    Dwarf_Error err = NULL;

    memset(d, 0, sizeof(*d));
    if (dwarf_dieoffset(die, &d->off, &err) != DW_DLV_OK) dw_drop_error(r, &err);
    if (dwarf_tag(die, &d->tag, &err) != DW_DLV_OK) dw_drop_error(r, &err);
    if (dwarf_attrlist(die, &attrs, &count, &err) != DW_DLV_OK)
    {
        dw_drop_error(r, &err);
        return;
    }
    for (i = 0; i < count; i++)
    {
        Dwarf_Half at = 0, form = 0;
        char *str = NULL;

        if (dwarf_whatattr(attrs[i], &at, &err) != DW_DLV_OK ||
            dwarf_whatform(attrs[i], &form, &err) != DW_DLV_OK)
        {
            dw_drop_error(r, &err);
            dwarf_dealloc_attribute(attrs[i]);
            continue;
        }
        if (read_slot(r, attrs[i], at, form, d))
        {
            dwarf_dealloc_attribute(attrs[i]);
            continue;
        }
        switch (at)
        {
        case DW_AT_name:
            if (dwarf_formstring(attrs[i], &str, &err) == DW_DLV_OK && str)
            {
                d->name = str;
                d->has |= HAS_NAME;
            }
            else dw_drop_error(r, &err);
            break;
        case DW_AT_data_member_location: member_location(r, attrs[i], form, d); break;
        case DW_AT_const_value: const_value(r, attrs[i], form, d); break;
        case DW_AT_declaration: d->declaration = attr_flag(r, attrs[i]); break;
        case DW_AT_external: d->external = attr_flag(r, attrs[i]); break;
        case DW_AT_artificial: d->artificial = attr_flag(r, attrs[i]); break;
        case DW_AT_enum_class: d->enum_class = attr_flag(r, attrs[i]); break;
        default: break;
        }
        dwarf_dealloc_attribute(attrs[i]);
    }
    dwarf_dealloc(r->dbg, attrs, DW_DLA_LIST);
}

/* ---- C++ scopes ------------------------------------------------------------------ */

static int push_scope(struct dwt *t, Dwarf_Off lo, Dwarf_Off hi, const char *prefix, uint32_t parent,
                      int is_class)
{
    struct scope *s;

    if (t->nscopes == t->scope_cap)
    {
        size_t cap = t->scope_cap ? t->scope_cap * 2 : 64;
        struct scope *grown = realloc(t->scopes, cap * sizeof(*grown));

        if (!grown) return -1;
        t->scopes = grown;
        t->scope_cap = cap;
    }
    s = &t->scopes[t->nscopes++];
    s->lo = lo;
    s->hi = hi;
    s->prefix = prefix;
    s->parent = parent;
    s->is_class = is_class;
    return 0;
}

/* "prefix::name" in the arena (name alone without a prefix). */
static const char *join_name(struct reader *r, const char *prefix, const char *name)
{
    size_t lp, ln;
    char *buf;
    const char *res;

    if (!prefix) return intern(r, name);
    lp = strlen(prefix);
    ln = strlen(name);
    if (!(buf = malloc(lp + ln + 3))) return NULL;
    memcpy(buf, prefix, lp);
    memcpy(buf + lp, "::", 2);
    memcpy(buf + lp + 2, name, ln + 1);
    res = symtab_intern(r->b, buf, lp + ln + 2);
    free(buf);
    return res;
}

/* Note the namespaces and classes under parent, whose children end at hi. */
static void scan_scopes(struct reader *r, struct dwt *t, Dwarf_Die parent, Dwarf_Off hi,
                        uint32_t scope, unsigned level)
{
    Dwarf_Error err = NULL;
    Dwarf_Die child = NULL, next;
    int res;

    if (level > MAX_DEPTH || dwarf_child(parent, &child, &err) != DW_DLV_OK)
    {
        dw_drop_error(r, &err);
        return;
    }
    while (child)
    {
        Dwarf_Half tag = 0;
        Dwarf_Off off = 0, end = hi;

        next = NULL;
        res = dwarf_siblingof_c(child, &next, &err);
        if (res != DW_DLV_OK)
        {
            dw_drop_error(r, &err);
            next = NULL;
        }
        if (next && dwarf_dieoffset(next, &end, &err) != DW_DLV_OK)
        {
            dw_drop_error(r, &err);
            end = hi;
        }
        if (dwarf_tag(child, &tag, &err) == DW_DLV_OK &&
            (tag == DW_TAG_namespace || tag == DW_TAG_structure_type || tag == DW_TAG_class_type ||
             tag == DW_TAG_union_type) &&
            dwarf_dieoffset(child, &off, &err) == DW_DLV_OK)
        {
            char *name = NULL;
            const char *prefix = scope ? t->scopes[scope - 1].prefix : NULL, *qual = NULL;

            if (dwarf_diename(child, &name, &err) == DW_DLV_OK && name) qual = join_name(r, prefix, name);
            else
            {
                dw_drop_error(r, &err);
                /* Anonymous: a namespace has Microsoft's name for it; an
                 * anonymous class adds nothing. */
                qual = tag == DW_TAG_namespace ? join_name(r, prefix, "`anonymous namespace'") : prefix;
            }
            if (qual && end > off && !push_scope(t, off, end, qual, scope, tag != DW_TAG_namespace))
                scan_scopes(r, t, child, end, (uint32_t)t->nscopes, level + 1);
        }
        else dw_drop_error(r, &err);
        dwarf_dealloc_die(child);
        child = next;
    }
}

/* The innermost scope holding the DIE at off: index + 1, or 0. */
static uint32_t scope_at(const struct dwt *t, Dwarf_Off off)
{
    size_t lo = 0, hi = t->nscopes;
    uint32_t s;

    /* The last scope starting before off, then out to one containing it. */
    while (lo < hi)
    {
        size_t mid = lo + (hi - lo) / 2;

        if (t->scopes[mid].lo < off) lo = mid + 1;
        else hi = mid;
    }
    for (s = (uint32_t)lo; s; s = t->scopes[s - 1].parent)
        if (off > t->scopes[s - 1].lo && off < t->scopes[s - 1].hi) return s;
    return 0;
}

static const char *scope_prefix(const struct dwt *t, Dwarf_Off off)
{
    uint32_t s = scope_at(t, off);

    return s ? t->scopes[s - 1].prefix : NULL;
}

static const char *qualified(struct reader *r, const struct die_info *d)
{
    struct dwt *t = r->types;

    if (!(d->has & HAS_NAME)) return NULL;
    return join_name(r, t->cplus ? scope_prefix(t, d->off) : NULL, d->name);
}

/* ---- types ----------------------------------------------------------------------- */

static uint32_t type_at(struct reader *r, Dwarf_Off off, unsigned depth);
struct die_info;
static uint32_t subroutine_type(struct reader *r, Dwarf_Die die, const struct die_info *d, unsigned depth);

static uint32_t void_type(struct reader *r)
{
    struct dwt *t = r->types;
    struct type_node *n;

    if (!t->void_id && (n = new_node(r, TAG_BASE_TYPE, &t->void_id)))
    {
        n->kind = BT_VOID;
        n->name = intern(r, "void");
    }
    return t->void_id;
}

static uint64_t type_length(struct reader *r, uint32_t id)
{
    int hops;
    struct type_node *n;

    for (hops = 0; hops < MAX_DEPTH && (n = typetab_node_rw(r->tt, id)); hops++)
    {
        if (n->tag != TAG_TYPEDEF) return n->length;
        id = n->type;
    }
    return 0;
}

/* Microsoft's BasicType for a DWARF base type.  `long` keeps its own
 * BasicType, as in PDBs (btLong, btULong); in C++, `signed char` is not
 * `char` (btInt), and the character types of C++ have theirs. */
static uint16_t basic_type(const struct die_info *d, int cplus)
{
    const char *name = d->has & HAS_NAME ? d->name : "";
    const char *l = strstr(name, "long");
    int is_long = l && !strstr(l + 4, "long");

    switch (d->encoding)
    {
    case DW_ATE_boolean: return BT_BOOL;
    case DW_ATE_float: return BT_FLOAT;
    case DW_ATE_complex_float: return BT_COMPLEX;
    case DW_ATE_address: return BT_ULONG;
    case DW_ATE_signed_char: return cplus && !strcmp(name, "signed char") ? BT_INT : BT_CHAR;
    case DW_ATE_unsigned_char: return BT_UINT;
    case DW_ATE_UTF:
        return d->byte_size == 1 ? BT_CHAR8 : d->byte_size == 2 ? BT_CHAR16 : BT_CHAR32;
    case DW_ATE_signed:
        if (cplus && !strcmp(name, "wchar_t")) return BT_WCHAR;
        return is_long ? BT_LONG : BT_INT;
    case DW_ATE_unsigned:
        if (is_long) return BT_ULONG;
        if (cplus && !strcmp(name, "wchar_t")) return BT_WCHAR;
        if (cplus && !strcmp(name, "char8_t")) return BT_CHAR8;
        if (cplus && !strcmp(name, "char16_t")) return BT_CHAR16;
        if (cplus && !strcmp(name, "char32_t")) return BT_CHAR32;
        return BT_UINT;
    case 0: /* DW_ATE_void (an extension) */
        return d->has & HAS_ENCODING ? BT_VOID : BT_NOTYPE;
    default: return BT_NOTYPE;
    }
}

/* One node per distinct base type of a module. */
static uint32_t base_type_kind(struct reader *r, const struct die_info *d, uint16_t bt)
{
    struct dwt *t = r->types;
    const char *name = d->has & HAS_NAME ? d->name : NULL;
    struct type_node *n;
    uint32_t id;
    size_t i;

    for (i = 0; i < t->nbases; i++)
    {
        n = typetab_node_rw(r->tt, t->bases[i]);
        if (n->kind == bt && n->length == d->byte_size &&
            (n->name && name ? !strcmp(n->name, name) : n->name == name))
            return t->bases[i];
    }
    if (!(n = new_node(r, TAG_BASE_TYPE, &id))) return 0;
    n->kind = bt;
    n->length = d->byte_size;
    n->name = intern(r, name);
    if (t->nbases == t->bases_cap)
    {
        size_t cap = t->bases_cap ? t->bases_cap * 2 : 32;
        uint32_t *grown = realloc(t->bases, cap * sizeof(*grown));

        if (!grown) return id;
        t->bases = grown;
        t->bases_cap = cap;
    }
    t->bases[t->nbases++] = id;
    return id;
}

static uint32_t base_type(struct reader *r, const struct die_info *d)
{
    return base_type_kind(r, d, basic_type(d, r->types->cplus));
}

static int push_work(struct dwt *t, Dwarf_Off off, uint32_t id)
{
    if (t->nwork == t->work_cap)
    {
        size_t cap = t->work_cap ? t->work_cap * 2 : 64;
        struct work *grown = realloc(t->work, cap * sizeof(*grown));

        if (!grown) return -1;
        t->work = grown;
        t->work_cap = cap;
    }
    t->work[t->nwork].off = off;
    t->work[t->nwork].id = id;
    t->nwork++;
    return 0;
}

/* The one node of a kind that only refers to another type (a pointer, a
 * function argument) with these flags and length: made the first time,
 * shared after (every unit has its own `char *`, all the same). */
static uint32_t derived_type(struct reader *r, uint16_t tag, uint32_t type, uint32_t flags, uint64_t length)
{
    struct dwt *t = r->types;
    struct type_node *n;
    uint64_t key;
    uint32_t id;

    if (length > 0xffff) length = 0xffff; /* (a hostile size: not shared beyond) */
    key = (uint64_t)type << 32 | (uint64_t)(tag & 0xff) << 24 | (uint64_t)(flags & 0xff) << 16 | length;
    if (map_get(&t->derived, key, &id)) return id;
    if (!(n = new_node(r, tag, &id))) return 0;
    n->type = type;
    n->flags = flags;
    n->length = length;
    map_put(&t->derived, key, id);
    return id;
}

/* The type a DIE's DW_AT_type names, void when it has none. */
static uint32_t type_of(struct reader *r, const struct die_info *d, unsigned depth)
{
    return d->has & HAS_TYPE ? type_at(r, d->type, depth + 1) : void_type(r);
}

/* An array over the subranges of the array DIE at d: one node per
 * dimension, the outermost first (its id is the array's). */
static uint32_t array_type(struct reader *r, Dwarf_Die die, const struct die_info *d,
                           struct type_node *outer, uint32_t outer_id, unsigned depth)
{
    struct id_list dims;
    Dwarf_Error err = NULL;
    Dwarf_Die child = NULL, next;
    uint32_t elem, i, id;
    int res;

    id_list_init(&dims);
    /* The subranges, each as a node: count in count, index type in aux. */
    res = dwarf_child(die, &child, &err);
    if (res != DW_DLV_OK) dw_drop_error(r, &err);
    while (res == DW_DLV_OK && child && dims.count < 32)
    {
        struct die_info sub;

        die_info_read(r, child, &sub);
        if (sub.tag == DW_TAG_subrange_type || sub.tag == DW_TAG_enumeration_type)
        {
            struct type_node *n = dims.count ? new_node(r, TAG_ARRAY_TYPE, &id) : outer;
            uint64_t count = 0;

            if (!dims.count) id = outer_id;
            if (n)
            {
                if (sub.has & HAS_COUNT) count = sub.count;
                else if (sub.has & HAS_UPPER)
                {
                    uint64_t lower = sub.has & HAS_LOWER ? sub.lower : 0;
                    /* An unknown bound (-1 in an unsigned form) is a
                     * flexible array. */
                    count = sub.upper >= lower && sub.upper != ~(Dwarf_Unsigned)0 &&
                            sub.upper != 0xffffffffu ? sub.upper - lower + 1 : 0;
                }
                n->count = count > 0xffffffffu ? 0 : (uint32_t)count;
                n->aux = sub.has & HAS_TYPE ? type_at(r, sub.type, depth + 1) : 0;
                if (id_list_push(&dims, id)) break;
            }
        }
        next = NULL;
        res = dwarf_siblingof_c(child, &next, &err);
        dwarf_dealloc_die(child);
        if (res != DW_DLV_OK) dw_drop_error(r, &err);
        child = res == DW_DLV_OK ? next : NULL;
    }
    if (child) dwarf_dealloc_die(child);
    if (!dims.count) dims.ids[dims.count++] = outer_id; /* int a[]: one flexible dimension */
    elem = type_of(r, d, depth);
    /* Innermost first: each dimension's element is the next one. */
    for (i = dims.count; i-- > 0;)
    {
        struct type_node *n = typetab_node_rw(r->tt, dims.ids[i]);

        if (!n) continue;
        n->type = elem;
        n->length = (uint64_t)n->count * type_length(r, elem);
        elem = dims.ids[i];
    }
    if ((d->has & HAS_BYTE_SIZE) && dims.count == 1 && outer) outer->length = d->byte_size;
    id_list_free(&dims);
    return outer_id;
}

/* FNV-1a, 64 bits, over bytes and numbers. */
static uint64_t mix(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t i;

    for (i = 0; i < len; i++) h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

static uint64_t mix_str(uint64_t h, const char *s)
{
    return s ? mix(h, s, strlen(s) + 1) : mix(h, "", 1);
}

/* A key for a name (never 0 or the maps' empty slot), or 0 for none. */
static uint64_t name_key(const char *name)
{
    uint64_t h;

    if (!name) return 0;
    h = mix_str(0xcbf29ce484222325ull, name) >> 1;
    return h ? h : 1;
}

/* A definition's signature: its tag, name and size, and each child's tag,
 * name and place (member offsets, bitfields, constants, virtuality); 0 when
 * its children cannot be read. */
static uint64_t udt_signature(struct reader *r, Dwarf_Die die, const struct die_info *d, const char *name)
{
    uint64_t h = 0xcbf29ce484222325ull;
    Dwarf_Error err = NULL;
    Dwarf_Die child = NULL, next;
    int res;

    h = mix(h, &d->tag, sizeof(d->tag));
    h = mix_str(h, name);
    h = mix(h, &d->byte_size, sizeof(d->byte_size));
    res = dwarf_child(die, &child, &err);
    if (res == DW_DLV_ERROR)
    {
        dw_drop_error(r, &err);
        return 0;
    }
    while (res == DW_DLV_OK && child)
    {
        struct die_info c;

        die_info_read(r, child, &c);
        h = mix(h, &c.tag, sizeof(c.tag));
        h = mix_str(h, c.has & HAS_NAME ? c.name : NULL);
        h = mix(h, &c.member_loc, sizeof(c.member_loc));
        h = mix(h, &c.bit_size, sizeof(c.bit_size));
        h = mix(h, &c.data_bit_offset, sizeof(c.data_bit_offset));
        h = mix(h, &c.bit_offset, sizeof(c.bit_offset));
        h = mix(h, &c.const_u, sizeof(c.const_u));
        h = mix(h, &c.virtuality, sizeof(c.virtuality));
        h = mix(h, &c.has, sizeof(c.has));
        next = NULL;
        res = dwarf_siblingof_c(child, &next, &err);
        dwarf_dealloc_die(child);
        if (res == DW_DLV_ERROR)
        {
            dw_drop_error(r, &err);
            return 0;
        }
        child = res == DW_DLV_OK ? next : NULL;
    }
    h >>= 1;
    return h ? h : 1;
}

/* The node of the type DIE at off: made (and remembered) the first time. */
static uint32_t type_die(struct reader *r, Dwarf_Die die, const struct die_info *d, unsigned depth)
{
    struct dwt *t = r->types;
    struct type_node *n = NULL;
    uint32_t id = 0, target;

    switch (d->tag)
    {
    case DW_TAG_base_type:
        id = base_type(r, d);
        break;
    case DW_TAG_unspecified_type:
        /* void in some producers, decltype(nullptr) in C++. */
        if ((d->has & HAS_NAME) && strcmp(d->name, "void"))
        {
            if ((n = new_node(r, TAG_BASE_TYPE, &id)))
            {
                n->kind = BT_NOTYPE;
                n->name = intern(r, d->name);
                n->length = d->has & HAS_BYTE_SIZE ? d->byte_size : r->ptr_size;
            }
        }
        else id = void_type(r);
        break;
    case DW_TAG_const_type:
    case DW_TAG_volatile_type:
    case DW_TAG_restrict_type:
    case DW_TAG_atomic_type:
    case DW_TAG_immutable_type:
    case DW_TAG_packed_type:
    case DW_TAG_shared_type:
        /* Qualifiers are not nodes: the qualified type is the type. */
        if (map_put(&t->map, d->off, ID_BUSY)) return 0;
        target = type_of(r, d, depth);
        map_put(&t->map, d->off, target);
        return target;
    case DW_TAG_pointer_type:
    case DW_TAG_reference_type:
    case DW_TAG_rvalue_reference_type:
        /* One node per pointer of a kind to a type: the pointee first
         * (a pointer met again while it is resolved is a cycle, no type). */
        if (map_put(&t->map, d->off, ID_BUSY)) return 0;
        target = type_of(r, d, depth);
        {
            uint32_t flags = d->tag == DW_TAG_reference_type ? TNF_REFERENCE :
                             d->tag == DW_TAG_rvalue_reference_type ? TNF_REFERENCE | TNF_RVALUE : 0;
            uint64_t length = d->has & HAS_BYTE_SIZE ? d->byte_size : r->ptr_size;

            id = derived_type(r, TAG_POINTER_TYPE, target, flags, length);
        }
        map_put(&t->map, d->off, id);
        return id;
    case DW_TAG_ptr_to_member_type:
        if (!(n = new_node(r, TAG_POINTER_TYPE, &id))) return 0;
        map_put(&t->map, d->off, id);
        n->length = d->has & HAS_BYTE_SIZE ? d->byte_size : r->ptr_size;
        target = type_of(r, d, depth);
        n = typetab_node_rw(r->tt, id);
        n->type = target;
        if (d->tag == DW_TAG_ptr_to_member_type)
        {
            uint32_t cls = d->has & HAS_CONTAINING ? type_at(r, d->containing, depth + 1) : 0;
            struct type_node *pointee = typetab_node_rw(r->tt, typetab_untypedef(r->tt, target));

            n = typetab_node_rw(r->tt, id);
            n->aux = cls;
            /* Itanium: a pointer to member function is two words. */
            if (!(d->has & HAS_BYTE_SIZE) && pointee && pointee->tag == TAG_FUNCTION_TYPE)
                n->length = 2 * r->ptr_size;
        }
        return id;
    case DW_TAG_typedef:
        /* One node per name and type (every unit has the headers' own):
         * the type first (a typedef met again while it is resolved is a
         * cycle, no type). */
        if (map_put(&t->map, d->off, ID_BUSY)) return 0;
        target = type_of(r, d, depth);
        /* MSVC describes WCHAR as a wide character, not as the unsigned
         * short it is declared as; so do PDBs and Wine's builtin. */
        if ((d->has & HAS_NAME) && !strcmp(d->name, "WCHAR"))
        {
            struct die_info wd;

            memset(&wd, 0, sizeof(wd));
            wd.has = HAS_NAME | HAS_ENCODING;
            wd.name = "wchar_t";
            wd.encoding = DW_ATE_signed;
            wd.byte_size = 2;
            target = base_type_kind(r, &wd, BT_WCHAR);
        }
        {
            const char *name = qualified(r, d);
            uint64_t key = mix(mix_str(0x84222325cbf29ce4ull, name), &target, sizeof(target)) >> 1;

            if (!key) key = 1;
            if (!map_get(&t->udts, key, &id))
            {
                if (!(n = new_node(r, TAG_TYPEDEF, &id))) return 0;
                n->name = name;
                n->type = target;
                map_put(&t->udts, key, id);
            }
        }
        map_put(&t->map, d->off, id);
        return id;
    case DW_TAG_array_type:
        if (!(n = new_node(r, TAG_ARRAY_TYPE, &id))) return 0;
        map_put(&t->map, d->off, id);
        return array_type(r, die, d, n, id, depth);
    case DW_TAG_structure_type:
    case DW_TAG_class_type:
    case DW_TAG_union_type:
    case DW_TAG_interface_type:
        /* The units of a module each describe the structs of the headers
         * they include: one node per distinct definition (its name, size
         * and members' names and places), and a declaration is the
         * definition of its name when one was read. */
        {
            const char *name = d->has & HAS_NAME ? qualified(r, d) : NULL;
            uint64_t key = d->declaration ? name_key(name) : udt_signature(r, die, d, name);

            if (key && map_get(d->declaration ? &t->udt_names : &t->udts, key, &id))
            {
                map_put(&t->map, d->off, id);
                return id;
            }
            if (!(n = new_node(r, TAG_UDT, &id))) return 0;
            if (key && !d->declaration)
            {
                map_put(&t->udts, key, id);
                if (name && !map_get(&t->udt_names, name_key(name), &target))
                    map_put(&t->udt_names, name_key(name), id);
            }
        }
        n->kind = d->tag == DW_TAG_class_type ? UDT_CLASS : d->tag == DW_TAG_union_type ? UDT_UNION :
                  d->tag == DW_TAG_interface_type ? UDT_INTERFACE : UDT_STRUCT;
        /* MSVC's name for an anonymous one, which PDBs and Wine's builtin
         * report. */
        n->name = d->has & HAS_NAME ? qualified(r, d) : intern(r, "<unnamed-tag>");
        n->length = d->byte_size;
        if (d->declaration) n->flags |= TNF_FORWARD;
        map_put(&t->map, d->off, id);
        if (!d->declaration) push_work(t, d->off, id);
        return id;
    case DW_TAG_enumeration_type:
        {
            const char *name = d->has & HAS_NAME ? qualified(r, d) : NULL;
            uint64_t key = d->declaration ? 0 : udt_signature(r, die, d, name);

            if (key && map_get(&t->udts, key, &id))
            {
                map_put(&t->map, d->off, id);
                return id;
            }
            if (!(n = new_node(r, TAG_ENUM, &id))) return 0;
            if (key) map_put(&t->udts, key, id);
        }
        n->name = d->has & HAS_NAME ? qualified(r, d) : intern(r, "<unnamed-tag>");
        n->length = d->byte_size;
        if (d->declaration) n->flags |= TNF_FORWARD;
        if (d->enum_class) n->flags |= TNF_SCOPED;
        map_put(&t->map, d->off, id);
        push_work(t, d->off, id);
        return id;
    case DW_TAG_subroutine_type:
        return subroutine_type(r, die, d, depth);
    default:
        return 0; /* not a type we model (Fortran strings, sets, ...) */
    }
    if (id) map_put(&t->map, d->off, id);
    return id;
}

static uint32_t type_at(struct reader *r, Dwarf_Off off, unsigned depth)
{
    struct dwt *t = r->types;
    struct die_info d;
    Dwarf_Error err = NULL;
    Dwarf_Die die = NULL;
    uint32_t id;

    if (map_get(&t->map, off, &id)) return id == ID_BUSY ? 0 : id;
    if (depth > MAX_DEPTH) return 0;
    if (dwarf_offdie_b(r->dbg, off, 1, &die, &err) != DW_DLV_OK)
    {
        dw_drop_error(r, &err);
        map_put(&t->map, off, 0);
        return 0;
    }
    die_info_read(r, die, &d);
    d.off = off;
    id = type_die(r, die, &d, depth);
    dwarf_dealloc_die(die);
    return id;
}

/* ---- aggregates: the members, from the work list ------------------------------ */

/* A location list's entries, copied into the arena for a node. */
static void set_locs(struct reader *r, struct type_node *n, const struct dw_loc *loc)
{
    struct type_loc *locs;
    unsigned i;

    if (!loc->nlist || !(locs = arena_alloc(r->tt->arena, loc->nlist * sizeof(*locs)))) return;
    for (i = 0; i < loc->nlist; i++)
    {
        locs[i].lo = loc->list[i].lo;
        locs[i].hi = loc->list[i].hi;
        locs[i].offset = loc->list[i].offset;
        locs[i].reg = loc->list[i].reg;
        locs[i].kind = loc->list[i].kind;
    }
    n->locs = locs;
    n->nlocs = loc->nlist;
}

static void add_kid(struct id_list *kids, uint32_t id)
{
    if (id) id_list_push(kids, id);
}

/* A bitfield at bit `bit` of its struct, `width` bits wide, of a type of
 * `unit` bytes: Microsoft's offset is that of the type-sized unit holding
 * it and its position is within that unit. */
static void place_bitfield(struct type_node *m, uint64_t bit, uint64_t width, uint64_t unit)
{
    uint64_t ubits = unit ? unit * 8 : 8, base = bit / ubits * ubits;

    if (bit - base + width > ubits) base = bit / 8 * 8; /* straddles (packed) */
    m->value = (int64_t)(base / 8);
    m->bitpos = (uint16_t)(bit - base);
    m->length = width;
    m->flags |= TNF_BITFIELD;
}

static uint32_t member_node(struct reader *r, const struct die_info *d, uint32_t udt, int is_union)
{
    struct type_node *m;
    uint32_t id, type = type_of(r, d, 0);
    int is_static = d->tag == DW_TAG_variable || (d->external && d->declaration);

    if (d->artificial && (d->has & HAS_NAME) && !strncmp(d->name, "_vptr", 5))
    {
        /* gcc's vtable pointer: Microsoft's VTABLE child. */
        if (!(m = new_node(r, TAG_VTABLE, &id))) return 0;
        m->type = type;
        m->value = (int64_t)d->member_loc;
        m->flags |= TNF_OFFSET | TNF_ARTIFICIAL;
        m->parent = udt;
        m->name = intern(r, d->name);
        return id;
    }
    if (!(m = new_node(r, TAG_DATA, &id))) return 0;
    m->name = intern(r, d->name);
    m->type = type;
    m->parent = udt;
    m->kind = is_static ? DATA_STATIC_MEMBER : DATA_MEMBER;
    if (is_static) return id;
    m->flags |= TNF_OFFSET;
    m->value = d->has & HAS_MEMBER_LOC ? (int64_t)d->member_loc : 0;
    if (d->has & HAS_BIT_SIZE)
    {
        uint64_t unit = type_length(r, type), bit;

        if (d->has & HAS_DATA_BIT_OFFSET) bit = d->data_bit_offset;
        else
        {
            /* DWARF 2/3: bits from the most significant end of a storage
             * unit of byte_size bytes at the member location. */
            uint64_t size = d->has & HAS_BYTE_SIZE ? d->byte_size : unit;
            uint64_t from_msb = d->has & HAS_BIT_OFFSET ? d->bit_offset : 0;

            bit = (uint64_t)m->value * 8 + (size * 8 >= from_msb + d->bit_size ?
                                            size * 8 - from_msb - d->bit_size : 0);
        }
        place_bitfield(m, bit, d->bit_size, unit);
    }
    (void)is_union;
    return id;
}

static uint32_t base_class_node(struct reader *r, const struct die_info *d, uint32_t udt)
{
    struct type_node *m;
    uint32_t id, type = type_of(r, d, 0);

    if (!(m = new_node(r, TAG_BASE_CLASS, &id))) return 0;
    m->type = type;
    m->parent = udt;
    m->name = typetab_node_rw(r->tt, type) ? typetab_node_rw(r->tt, type)->name : NULL;
    if (d->has & HAS_VIRTUALITY || d->has & HAS_VBASE)
    {
        /* The Itanium ABI keeps a virtual base's offset in the vtable, at
         * vbase_disp bytes before the address point: the "vbase pointer"
         * is the vtable pointer at offset 0, the displacement index is the
         * slot. */
        m->flags |= TNF_VIRTUAL;
        m->aux = 0;
        m->count = (uint32_t)(d->vbase_disp / (r->ptr_size ? r->ptr_size : 8));
    }
    else
    {
        m->flags |= TNF_OFFSET;
        m->value = d->has & HAS_MEMBER_LOC ? (int64_t)d->member_loc : 0;
    }
    return id;
}

static uint32_t function_type_of(struct reader *r, Dwarf_Die die, const struct die_info *d,
                                 uint32_t cls);

/* A method declared in a class: a FUNCTION node without code. */
static uint32_t method_node(struct reader *r, Dwarf_Die die, const struct die_info *d, uint32_t udt)
{
    struct dwt *t = r->types;
    struct type_node *m;
    uint32_t id, ftype;

    if (map_get(&t->map, d->off, &id)) return id == ID_BUSY ? 0 : id;
    if (!(m = new_node(r, TAG_FUNCTION, &id))) return 0;
    map_put(&t->map, d->off, id);
    m->name = intern(r, d->name);
    m->parent = udt;
    if (d->has & HAS_VIRTUALITY) m->flags |= TNF_VIRTUAL;
    ftype = function_type_of(r, die, d, udt);
    m = typetab_node_rw(r->tt, id);
    m->type = ftype;
    return id;
}

/* Fill a UDT: members, base classes, methods, nested types, vtable. */
static void fill_udt(struct reader *r, Dwarf_Die die, uint32_t id)
{
    struct type_node *udt = typetab_node_rw(r->tt, id);
    int is_union = udt->kind == UDT_UNION;
    struct id_list kids;
    Dwarf_Error err = NULL;
    Dwarf_Die child = NULL, next;
    uint32_t nvirtual = 0, vtable = 0;
    int res;

    id_list_init(&kids);
    res = dwarf_child(die, &child, &err);
    if (res != DW_DLV_OK) dw_drop_error(r, &err);
    while (res == DW_DLV_OK && child)
    {
        struct die_info d;
        uint32_t kid = 0;

        die_info_read(r, child, &d);
        switch (d.tag)
        {
        case DW_TAG_member:
        case DW_TAG_variable:
            kid = member_node(r, &d, id, is_union);
            if (kid && typetab_node_rw(r->tt, kid)->tag == TAG_VTABLE) vtable = kid;
            break;
        case DW_TAG_inheritance:
            kid = base_class_node(r, &d, id);
            break;
        case DW_TAG_subprogram:
            kid = method_node(r, child, &d, id);
            if (d.has & HAS_VIRTUALITY) nvirtual++;
            break;
        case DW_TAG_structure_type: case DW_TAG_class_type: case DW_TAG_union_type:
        case DW_TAG_enumeration_type: case DW_TAG_typedef:
            if (!map_get(&r->types->map, d.off, &kid)) kid = type_die(r, child, &d, 0);
            else if (kid == ID_BUSY) kid = 0;
            if (kid) typetab_node_rw(r->tt, kid)->flags |= TNF_NESTED;
            break;
        default:
            break;
        }
        add_kid(&kids, kid);
        next = NULL;
        res = dwarf_siblingof_c(child, &next, &err);
        dwarf_dealloc_die(child);
        if (res != DW_DLV_OK) dw_drop_error(r, &err);
        child = res == DW_DLV_OK ? next : NULL;
    }
    if (vtable)
    {
        /* The shape: the class's own virtual functions. */
        struct type_node *shape;
        uint32_t sid;

        if ((shape = new_node(r, TAG_VTABLE_SHAPE, &sid)))
        {
            shape->count = nvirtual;
            typetab_node_rw(r->tt, id)->aux = sid;
        }
    }
    typetab_set_kids(r->tt, id, kids.ids, kids.count);
    id_list_free(&kids);
}

/* Fill an enum: its underlying type and enumerators. */
static void fill_enum(struct reader *r, Dwarf_Die die, const struct die_info *d, uint32_t id)
{
    struct type_node *n;
    struct id_list kids;
    Dwarf_Error err = NULL;
    Dwarf_Die child = NULL, next;
    uint32_t base;
    int res, is_signed;

    if (d->has & HAS_TYPE) base = type_at(r, d->type, 1);
    else
    {
        /* DWARF 2: an int of the enum's size. */
        struct die_info bd;

        memset(&bd, 0, sizeof(bd));
        bd.has = HAS_NAME;
        bd.name = d->byte_size == 8 ? "long long int" : d->byte_size == 2 ? "short int" :
                  d->byte_size == 1 ? "signed char" : "int";
        bd.byte_size = d->byte_size ? d->byte_size : 4;
        bd.encoding = d->byte_size == 1 ? DW_ATE_signed_char : DW_ATE_signed;
        base = base_type(r, &bd);
    }
    n = typetab_node_rw(r->tt, typetab_untypedef(r->tt, base));
    is_signed = !n || !(n->kind == BT_UINT || n->kind == BT_ULONG || n->kind == BT_BOOL ||
                        n->kind == BT_CHAR16 || n->kind == BT_CHAR32 || n->kind == BT_WCHAR);
    typetab_node_rw(r->tt, id)->type = base;
    id_list_init(&kids);
    res = dwarf_child(die, &child, &err);
    if (res != DW_DLV_OK) dw_drop_error(r, &err);
    while (res == DW_DLV_OK && child)
    {
        struct die_info e;
        uint32_t kid;

        die_info_read(r, child, &e);
        if (e.tag == DW_TAG_enumerator && (n = new_node(r, TAG_DATA, &kid)))
        {
            int64_t v = (int64_t)e.const_u;

            /* A data form's bytes are signed when the type is. */
            if (e.const_kind == CONST_DATA && e.const_bytes < 8 && is_signed &&
                (e.const_u >> (e.const_bytes * 8 - 1) & 1))
                v = (int64_t)(e.const_u | ~(uint64_t)0 << (e.const_bytes * 8));
            n->name = intern(r, e.name);
            n->kind = DATA_CONSTANT;
            n->type = base;
            n->parent = id;
            n->value = v;
            n->flags |= TNF_CONSTANT | (is_signed ? 0 : TNF_UNSIGNED);
            add_kid(&kids, kid);
        }
        next = NULL;
        res = dwarf_siblingof_c(child, &next, &err);
        dwarf_dealloc_die(child);
        if (res != DW_DLV_OK) dw_drop_error(r, &err);
        child = res == DW_DLV_OK ? next : NULL;
    }
    typetab_set_kids(r->tt, id, kids.ids, kids.count);
    id_list_free(&kids);
}

/* Fill a FUNCTION_TYPE node from a subroutine type or subprogram DIE:
 * its return type and one FUNCTION_ARG_TYPE per parameter.  An
 * artificial first parameter is `this` (a method's object pointer). */
/* What a subroutine type or subprogram DIE says of its function type: the
 * return type and one FUNCTION_ARG_TYPE per parameter; an artificial first
 * parameter is `this` (a method's object pointer). */
struct fn_sig
{
    uint32_t ret, this_type;
    int varargs;
    struct id_list args;
};

static void read_signature(struct reader *r, Dwarf_Die die, const struct die_info *d, unsigned depth,
                           struct fn_sig *sig)
{
    Dwarf_Error err = NULL;
    Dwarf_Die child = NULL, next;
    int res, first = 1;

    sig->ret = type_of(r, d, depth);
    sig->this_type = 0;
    sig->varargs = 0;
    id_list_init(&sig->args);
    res = dwarf_child(die, &child, &err);
    if (res != DW_DLV_OK) dw_drop_error(r, &err);
    while (res == DW_DLV_OK && child)
    {
        struct die_info p;
        uint32_t kid, type;

        die_info_read(r, child, &p);
        if (p.tag == DW_TAG_formal_parameter)
        {
            if (!(p.has & HAS_TYPE) && (p.has & HAS_ORIGIN))
            {
                /* A concrete instance: the type is the abstract one's. */
                Dwarf_Die origin = NULL;

                if (dwarf_offdie_b(r->dbg, p.origin, 1, &origin, &err) == DW_DLV_OK)
                {
                    struct die_info o;

                    die_info_read(r, origin, &o);
                    p.has |= o.has & HAS_TYPE;
                    p.type = o.type;
                    p.artificial |= o.artificial;
                    dwarf_dealloc_die(origin);
                }
                else dw_drop_error(r, &err);
            }
            type = type_of(r, &p, depth);
            if (first && p.artificial) sig->this_type = type;
            else if ((kid = derived_type(r, TAG_FUNCTION_ARG_TYPE, type, 0, 0))) add_kid(&sig->args, kid);
            first = 0;
        }
        else if (p.tag == DW_TAG_unspecified_parameters) sig->varargs = 1;
        next = NULL;
        res = dwarf_siblingof_c(child, &next, &err);
        dwarf_dealloc_die(child);
        if (res != DW_DLV_OK) dw_drop_error(r, &err);
        child = res == DW_DLV_OK ? next : NULL;
    }
}

static void apply_signature(struct reader *r, uint32_t id, const struct fn_sig *sig)
{
    struct type_node *n = typetab_node_rw(r->tt, id);

    n->type = sig->ret;
    n->count = sig->args.count;
    n->aux = sig->this_type;
    if (sig->this_type && n->kind == CALL_NEAR_C && r->ptr_size == 4) n->kind = CALL_THISCALL;
    if (sig->varargs) n->flags |= TNF_VARARGS;
    typetab_set_kids(r->tt, id, sig->args.ids, sig->args.count);
}

/* Fill a subprogram's FUNCTION_TYPE node (from the work list). */
static void fill_function_type(struct reader *r, Dwarf_Die die, const struct die_info *d, uint32_t id)
{
    struct fn_sig sig;

    read_signature(r, die, d, 0, &sig);
    apply_signature(r, id, &sig);
    id_list_free(&sig.args);
}

/* A subroutine type (a function pointer's): one node per signature. */
static uint32_t subroutine_type(struct reader *r, Dwarf_Die die, const struct die_info *d, unsigned depth)
{
    struct dwt *t = r->types;
    struct type_node *n;
    struct fn_sig sig;
    uint64_t key;
    uint32_t id = 0;

    if (map_put(&t->map, d->off, ID_BUSY)) return 0;
    read_signature(r, die, d, depth, &sig);
    key = mix(0x9ce484222325cbf2ull, &sig.ret, sizeof(sig.ret));
    key = mix(key, &sig.this_type, sizeof(sig.this_type));
    key = mix(key, &sig.varargs, sizeof(sig.varargs));
    key = mix(key, sig.args.ids, sig.args.count * sizeof(*sig.args.ids)) >> 1;
    if (!key) key = 1;
    if (!map_get(&t->udts, key, &id) && (n = new_node(r, TAG_FUNCTION_TYPE, &id)))
    {
        n->kind = CALL_NEAR_C;
        apply_signature(r, id, &sig);
        map_put(&t->udts, key, id);
    }
    id_list_free(&sig.args);
    map_put(&t->map, d->off, id);
    return id;
}

/* A function type made for a subprogram (filled from the work list). */
static uint32_t function_type_of(struct reader *r, Dwarf_Die die, const struct die_info *d,
                                 uint32_t cls)
{
    struct type_node *n;
    uint32_t id;

    (void)die;
    if (!(n = new_node(r, TAG_FUNCTION_TYPE, &id))) return 0;
    n->kind = CALL_NEAR_C;
    n->parent = cls;
    push_work(r->types, d->off, id);
    return id;
}

/* Fill the aggregates met so far (and those their members meet). */
static void drain(struct reader *r)
{
    struct dwt *t = r->types;

    while (t->nwork)
    {
        struct work w = t->work[--t->nwork];
        struct type_node *n = typetab_node_rw(r->tt, w.id);
        Dwarf_Error err = NULL;
        Dwarf_Die die = NULL;
        struct die_info d;

        if (!n) continue;
        if (dwarf_offdie_b(r->dbg, w.off, 1, &die, &err) != DW_DLV_OK)
        {
            dw_drop_error(r, &err);
            continue;
        }
        die_info_read(r, die, &d);
        d.off = w.off;
        switch (n->tag)
        {
        case TAG_UDT: fill_udt(r, die, w.id); break;
        case TAG_ENUM: fill_enum(r, die, &d, w.id); break;
        case TAG_FUNCTION_TYPE: fill_function_type(r, die, &d, w.id); break;
        default: break;
        }
        dwarf_dealloc_die(die);
    }
}

/* ---- units, scopes, functions, variables -------------------------------------- */

void dwt_unit_begin(struct reader *r, Dwarf_Die cu, unsigned unit, unsigned nunits)
{
    struct dwt *t;
    struct die_info d;
    struct type_node *n;
    Dwarf_Error err = NULL;
    Dwarf_Off hdr = 0, len = 0;

    if (!r->tt || !(t = dwt_state(r)))
    {
        r->tt = NULL;
        return;
    }
    if (!t->compilands && nunits)
    {
        t->compilands = calloc(nunits, sizeof(*t->compilands));
        t->unit_done = calloc(nunits, 1);
        if (!t->compilands || !t->unit_done)
        {
            free(t->compilands);
            free(t->unit_done);
            t->compilands = NULL;
            t->unit_done = NULL;
        }
        else t->nunits = nunits;
    }
    if (!r->tt->exe && (n = typetab_add(r->tt, TAG_EXE, &r->tt->exe))) n->name = NULL;
    die_info_read(r, cu, &d);
    t->cplus = (d.has & HAS_LANGUAGE) &&
               (d.language == DW_LANG_C_plus_plus || d.language == DW_LANG_C_plus_plus_03 ||
                d.language == DW_LANG_C_plus_plus_11 || d.language == DW_LANG_C_plus_plus_14 ||
                d.language == DW_LANG_ObjC_plus_plus || d.language == 0x2b /* C++17 */ ||
                d.language == 0x2c /* C++20 */);
    t->nscopes = 0;
    t->depth = 0;
    t->unit_fresh = !(unit < t->nunits && t->unit_done[unit]);
    id_list_free(&t->unit_kids);
    if (unit < t->nunits && t->compilands[unit]) t->compiland = t->compilands[unit];
    else
    {
        t->compiland = 0;
        if ((n = new_node(r, TAG_COMPILAND, &t->compiland)))
        {
            n->name = intern(r, d.name);
            n->lexical = r->tt->exe;
        }
        if (unit < t->nunits) t->compilands[unit] = t->compiland;
    }
    if (t->cplus)
    {
        if (dwarf_die_CU_offset_range(cu, &hdr, &len, &err) != DW_DLV_OK)
        {
            dw_drop_error(r, &err);
            len = ~(Dwarf_Off)0 - hdr;
        }
        scan_scopes(r, t, cu, hdr + len, 0, 0);
    }
    if (unit < t->nunits) t->unit_done[unit] = 1;
}

void dwt_unit_end(struct reader *r)
{
    struct dwt *t = r->types;

    if (!r->tt) return;
    while (t->depth) dwt_scope_end(r);
    drain(r);
    if (t->unit_fresh && t->compiland && t->unit_kids.count)
        typetab_set_kids(r->tt, t->compiland, t->unit_kids.ids, t->unit_kids.count);
    id_list_free(&t->unit_kids);
    typetab_publish(r->tt);
}

const char *dwt_qualify(struct reader *r, Dwarf_Die die, const char *name)
{
    struct dwt *t = r->types;
    Dwarf_Error err = NULL;
    Dwarf_Off off = 0;
    const char *prefix;
    struct die_info d;
    int hops;

    if (!t || !t->cplus || !t->nscopes || strstr(name, "::")) return name;
    /* The declaration the definition completes (DW_AT_specification),
     * through the abstract instance of an inlined function. */
    die_info_read(r, die, &d);
    off = d.off;
    for (hops = 0; hops < 4 && (d.has & (HAS_SPEC | HAS_ORIGIN)); hops++)
    {
        Dwarf_Die other = NULL;

        off = d.has & HAS_SPEC ? d.spec : d.origin;
        if (dwarf_offdie_b(r->dbg, off, 1, &other, &err) != DW_DLV_OK)
        {
            dw_drop_error(r, &err);
            break;
        }
        die_info_read(r, other, &d);
        dwarf_dealloc_die(other);
    }
    prefix = scope_prefix(t, off);
    return prefix ? join_name(r, prefix, name) : name;
}

uint32_t dwt_type_die(struct reader *r, Dwarf_Die die)
{
    struct die_info d;
    uint32_t id;

    if (!r->tt) return 0;
    die_info_read(r, die, &d);
    if (map_get(&r->types->map, d.off, &id)) return id == ID_BUSY ? 0 : id;
    return type_die(r, die, &d, 0);
}

static void scope_push(struct reader *r, uint32_t id, int fresh)
{
    struct dwt *t = r->types;
    struct frame *f;

    if (t->depth >= MAX_DEPTH) return;
    f = &t->stack[t->depth++];
    f->id = id;
    f->fresh = fresh;
    id_list_init(&f->kids);
}

static void scope_add(struct reader *r, uint32_t id)
{
    struct dwt *t = r->types;

    if (t->depth && t->stack[t->depth - 1].fresh) add_kid(&t->stack[t->depth - 1].kids, id);
    else if (!t->depth && t->unit_fresh) add_kid(&t->unit_kids, id);
}

static uint32_t scope_lexical(const struct reader *r)
{
    const struct dwt *t = r->types;

    return t->depth ? t->stack[t->depth - 1].id : t->compiland;
}

void dwt_scope_end(struct reader *r)
{
    struct dwt *t = r->types;
    struct frame *f;

    if (!r->tt || !t->depth) return;
    f = &t->stack[--t->depth];
    if (f->fresh && f->id) typetab_set_kids(r->tt, f->id, f->kids.ids, f->kids.count);
    id_list_free(&f->kids);
}

uint32_t dwt_function(struct reader *r, Dwarf_Die die, const char *name, uint32_t rva, uint32_t size)
{
    struct dwt *t = r->types;
    struct type_node *n;
    struct die_info d;
    uint32_t id, ftype = 0;

    if (!r->tt) return 0;
    die_info_read(r, die, &d);
    if (map_get(&t->map, d.off, &id))
    {
        scope_push(r, id, 0);
        return id;
    }
    if (!(n = new_node(r, TAG_FUNCTION, &id)))
    {
        scope_push(r, 0, 0);
        return 0;
    }
    map_put(&t->map, d.off, id);
    n->name = name;
    n->value = rva;
    n->length = size;
    n->flags |= TNF_ADDRESS;
    n->lexical = t->compiland;
    /* Its frame base, which DW_OP_fbreg locals are relative to. */
    {
        struct dw_loc fb;

        dw_decode_attr_loc(r, die, DW_AT_frame_base, &fb);
        switch (fb.kind)
        {
        case DW_LOC_CFA: n->kind = FB_CFA; break;
        case DW_LOC_REGREL: n->kind = FB_REGREL; n->reg = fb.reg; n->aux = (uint32_t)fb.offset; break;
        case DW_LOC_REGISTER: n->kind = FB_REGISTER; n->reg = fb.reg; break;
        case DW_LOC_LIST: n->kind = FB_LIST; set_locs(r, n, &fb); break;
        default: n->kind = FB_NONE; break;
        }
        dw_loc_free(&fb);
    }
    /* A method's definition: the class its declaration is in. */
    if (d.has & HAS_SPEC)
    {
        uint32_t s = scope_at(t, d.spec), cls;

        if (s && t->scopes[s - 1].is_class && map_get(&t->map, t->scopes[s - 1].lo, &cls) &&
            cls != ID_BUSY)
            typetab_node_rw(r->tt, id)->parent = cls;
    }
    ftype = function_type_of(r, die, &d, typetab_node_rw(r->tt, id)->parent);
    typetab_node_rw(r->tt, id)->type = ftype;
    scope_add(r, id);
    scope_push(r, id, 1);
    return id;
}

uint32_t dwt_block(struct reader *r, Dwarf_Die die, uint32_t rva, uint32_t size)
{
    struct dwt *t = r->types;
    struct type_node *n;
    Dwarf_Error err = NULL;
    Dwarf_Off off = 0;
    uint32_t id;

    if (!r->tt) return 0;
    if (dwarf_dieoffset(die, &off, &err) != DW_DLV_OK) dw_drop_error(r, &err);
    if (map_get(&t->map, off, &id))
    {
        scope_push(r, id, 0);
        return id;
    }
    if (!(n = new_node(r, TAG_BLOCK, &id)))
    {
        scope_push(r, 0, 0);
        return 0;
    }
    map_put(&t->map, off, id);
    n->value = rva;
    n->length = size;
    n->flags |= TNF_ADDRESS;
    n->lexical = scope_lexical(r);
    scope_add(r, id);
    scope_push(r, id, 1);
    return id;
}

uint32_t dwt_data(struct reader *r, Dwarf_Die die, const char *name, unsigned kind,
                  const struct dw_loc *loc)
{
    struct dwt *t = r->types;
    struct type_node *n;
    struct die_info d;
    uint32_t id, type;
    int hops;

    if (!r->tt) return 0;
    die_info_read(r, die, &d);
    if (map_get(&t->map, d.off, &id)) return id == ID_BUSY ? 0 : id;
    /* The type is the declaration's or the abstract instance's. */
    for (hops = 0; hops < 4 && !(d.has & HAS_TYPE) && (d.has & (HAS_SPEC | HAS_ORIGIN)); hops++)
    {
        Dwarf_Off off = d.has & HAS_ORIGIN ? d.origin : d.spec;
        Dwarf_Error err = NULL;
        Dwarf_Die other = NULL;
        struct die_info o;

        if (dwarf_offdie_b(r->dbg, off, 1, &other, &err) != DW_DLV_OK)
        {
            dw_drop_error(r, &err);
            break;
        }
        die_info_read(r, other, &o);
        dwarf_dealloc_die(other);
        d.has = (d.has & ~(HAS_SPEC | HAS_ORIGIN)) | (o.has & (HAS_TYPE | HAS_SPEC | HAS_ORIGIN));
        d.type = o.type;
        d.spec = o.spec;
        d.origin = o.origin;
        if (!(d.has & HAS_CONST) && (o.has & HAS_CONST))
        {
            d.has |= HAS_CONST;
            d.const_u = o.const_u;
            d.const_kind = o.const_kind;
            d.const_bytes = o.const_bytes;
        }
    }
    type = type_of(r, &d, 0);
    if (!(n = new_node(r, TAG_DATA, &id))) return 0;
    map_put(&t->map, d.off, id);
    n->name = name;
    n->type = type;
    n->kind = (uint16_t)kind;
    n->lexical = scope_lexical(r);
    if (d.has & HAS_CONST)
    {
        n->flags |= TNF_CONSTANT;
        n->value = (int64_t)d.const_u;
        if (d.const_kind == CONST_DATA && d.const_bytes < 8 &&
            (d.const_u >> (d.const_bytes * 8 - 1) & 1))
        {
            struct type_node *bt = typetab_node_rw(r->tt, typetab_untypedef(r->tt, type));

            if (!bt || !(bt->kind == BT_UINT || bt->kind == BT_ULONG || bt->kind == BT_BOOL))
                n->value = (int64_t)(d.const_u | ~(uint64_t)0 << (d.const_bytes * 8));
        }
        if (kind != DATA_PARAM) n->kind = DATA_CONSTANT;
    }
    else if (loc)
    {
        switch (loc->kind)
        {
        case DW_LOC_FRAMEREL: n->flags |= TNF_FRAMEREL; n->value = loc->offset; break;
        case DW_LOC_REGREL: n->flags |= TNF_REGREL; n->value = loc->offset; n->reg = loc->reg; break;
        case DW_LOC_REGISTER: n->flags |= TNF_REGISTER; n->reg = loc->reg; break;
        case DW_LOC_STATIC: n->flags |= TNF_ADDRESS; n->value = loc->rva; break;
        case DW_LOC_TLS: n->flags |= TNF_TLSREL; n->value = loc->offset; break;
        case DW_LOC_LIST: n->flags |= TNF_LOCLIST; set_locs(r, n, loc); break;
        default: break;
        }
    }
    n->length = 0;
    scope_add(r, id);
    return id;
}

uint32_t dwt_data_size(struct reader *r, uint32_t id)
{
    struct type_node *n = typetab_node_rw(r->tt, id);
    uint64_t len;

    if (!n) return 0;
    len = type_length(r, n->type);
    return len > 0xffffffffu ? 0 : (uint32_t)len;
}

int dwt_is_constant(struct reader *r, uint32_t id)
{
    struct type_node *n = typetab_node_rw(r->tt, id);

    return n && (n->flags & TNF_CONSTANT);
}

/* ---- locations ------------------------------------------------------------------ */

/* CodeView register numbers (cvconst.h) of DWARF's: x86-64 rax, rdx,
 * rcx, rbx, rsi, rdi, rbp, rsp, r8-r15; i386 eax, ecx, edx, ebx, esp,
 * ebp, esi, edi. */
static uint16_t cv_register(const struct reader *r, unsigned dw)
{
    static const uint16_t amd64[16] = { 328, 331, 330, 329, 332, 333, 334, 335,
                                        336, 337, 338, 339, 340, 341, 342, 343 };
    static const uint16_t x86[8] = { 17, 18, 19, 20, 21, 22, 23, 24 };

    if (r->ptr_size == 8)
    {
        if (dw < 16) return amd64[dw];
        if (dw >= 17 && dw <= 24) return (uint16_t)(154 + dw - 17); /* xmm0-7 */
        if (dw >= 25 && dw <= 32) return (uint16_t)(252 + dw - 25); /* xmm8-15 */
        return 0;
    }
    return dw < 8 ? x86[dw] : 0;
}

void dw_decode_loc(struct reader *r, Dwarf_Die die, struct dw_loc *loc)
{
    dw_decode_attr_loc(r, die, DW_AT_location, loc);
}

/* One location expression, from its operations: the forms a debugger can
 * use (a register, an offset from one, from the frame base or the CFA, a
 * fixed or a thread-local address).  0 when it is none of them. */
static int classify_expr(struct reader *r, Dwarf_Locdesc_c desc, Dwarf_Unsigned nops, struct dw_loc *loc)
{
    Dwarf_Small op[3] = { 0, 0, 0 };
    Dwarf_Unsigned a1[3] = { 0, 0, 0 }, a2, a3, br;
    Dwarf_Error err = NULL;
    Dwarf_Unsigned i;

    if (!nops || nops > 2) return 0;
    for (i = 0; i < nops; i++)
        if (dwarf_get_location_op_value_c(desc, i, &op[i], &a1[i], &a2, &a3, &br, &err) != DW_DLV_OK)
        {
            dw_drop_error(r, &err);
            return 0;
        }
    if (nops == 2)
    {
        /* A thread-local variable: its offset, then the TLS operator. */
        if ((op[1] == DW_OP_GNU_push_tls_address || op[1] == DW_OP_form_tls_address) &&
            (op[0] == DW_OP_const4u || op[0] == DW_OP_const8u || op[0] == DW_OP_constu) &&
            a1[0] <= INT32_MAX)
        {
            loc->kind = DW_LOC_TLS;
            loc->offset = (int32_t)a1[0];
            return 1;
        }
        return 0;
    }
    switch (op[0])
    {
    case DW_OP_call_frame_cfa:
        loc->kind = DW_LOC_CFA;
        return 1;
    case DW_OP_addr:
        if (!dw_rva_of(r, a1[0], &loc->rva)) return 0;
        loc->kind = DW_LOC_STATIC;
        return 1;
    case DW_OP_fbreg:
        if ((int64_t)a1[0] < INT32_MIN || (int64_t)a1[0] > INT32_MAX) return 0;
        loc->kind = DW_LOC_FRAMEREL;
        loc->offset = (int32_t)(int64_t)a1[0];
        return 1;
    case DW_OP_regx:
        if (a1[0] >= 64 || !(loc->reg = cv_register(r, (unsigned)a1[0]))) return 0;
        loc->kind = DW_LOC_REGISTER;
        return 1;
    case DW_OP_bregx:
        if (a1[0] >= 64 || !(loc->reg = cv_register(r, (unsigned)a1[0]))) return 0;
        a1[0] = a2;
        goto regrel;
    default:
        break;
    }
    if (op[0] >= DW_OP_reg0 && op[0] <= DW_OP_reg31)
    {
        if (!(loc->reg = cv_register(r, op[0] - DW_OP_reg0))) return 0;
        loc->kind = DW_LOC_REGISTER;
        return 1;
    }
    if (op[0] >= DW_OP_breg0 && op[0] <= DW_OP_breg31)
    {
        if (!(loc->reg = cv_register(r, op[0] - DW_OP_breg0))) return 0;
    regrel:
        if ((int64_t)a1[0] < INT32_MIN || (int64_t)a1[0] > INT32_MAX) return 0;
        loc->kind = DW_LOC_REGREL;
        loc->offset = (int32_t)(int64_t)a1[0];
        return 1;
    }
    return 0;
}

#define MAX_LOC_RANGES 256 /* entries of one location list we keep */

void dw_decode_attr_loc(struct reader *r, Dwarf_Die die, Dwarf_Half at, struct dw_loc *loc)
{
    Dwarf_Attribute attr = NULL;
    Dwarf_Error err = NULL;
    Dwarf_Loc_Head_c head = NULL;
    Dwarf_Unsigned count = 0, i;
    unsigned int lkind = 0;

    memset(loc, 0, sizeof(*loc));
    if (dwarf_attr(die, at, &attr, &err) != DW_DLV_OK)
    {
        dw_drop_error(r, &err);
        return;
    }
    if (dwarf_get_loclist_c(attr, &head, &count, &err) != DW_DLV_OK)
    {
        dw_drop_error(r, &err);
        dwarf_dealloc_attribute(attr);
        return;
    }
    if (dwarf_get_loclist_head_kind(head, &lkind, &err) != DW_DLV_OK) dw_drop_error(r, &err);
    for (i = 0; i < count; i++)
    {
        Dwarf_Small lle = 0, source = 0;
        Dwarf_Unsigned rawlo = 0, rawhi = 0, nops = 0, bytes = 0, exproff = 0, descoff = 0;
        Dwarf_Bool unavailable = 0;
        Dwarf_Addr lo = 0, hi = 0;
        Dwarf_Locdesc_c desc = NULL;
        struct dw_loc one;
        uint32_t rlo, rhi;

        if (dwarf_get_locdesc_entry_e(head, i, &lle, &rawlo, &rawhi, &unavailable, &lo, &hi, &nops, &bytes,
                                      &desc, &source, &exproff, &descoff, &err) != DW_DLV_OK)
        {
            dw_drop_error(r, &err);
            break;
        }
        memset(&one, 0, sizeof(one));
        if (lkind == DW_LKIND_expression)
        {
            if (i == 0 && classify_expr(r, desc, nops, &one)) *loc = one;
            break;
        }
        /* A list: the ranges of the image it covers, each with its place
         * (a place a debugger cannot use is kept as none: the variable is
         * not available there). */
        loc->kind = DW_LOC_LIST;
        if (unavailable || !nops || !dw_range_of(r, lo, hi, &rlo, &rhi)) continue;
        if (!classify_expr(r, desc, nops, &one) || one.kind == DW_LOC_LIST) one.kind = DW_LOC_NONE;
        if (loc->nlist == loc->cap)
        {
            unsigned cap = loc->cap ? loc->cap * 2 : 8;
            struct dw_loc_range *grown;

            if (cap > MAX_LOC_RANGES || !(grown = realloc(loc->list, cap * sizeof(*grown)))) break;
            loc->list = grown;
            loc->cap = cap;
        }
        loc->list[loc->nlist].lo = rlo;
        loc->list[loc->nlist].hi = rhi;
        loc->list[loc->nlist].kind = (uint8_t)one.kind;
        loc->list[loc->nlist].reg = one.reg;
        loc->list[loc->nlist].offset = one.kind == DW_LOC_STATIC ? (int32_t)one.rva : one.offset;
        loc->nlist++;
    }
    dwarf_dealloc_loc_head_c(head);
    dwarf_dealloc_attribute(attr);
}

void dw_loc_free(struct dw_loc *loc)
{
    free(loc->list);
    loc->list = NULL;
    loc->nlist = loc->cap = 0;
}
