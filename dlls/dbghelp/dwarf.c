/*
 * dwarf.c: the libdwarf adapter.  Reads a PE image's DWARF (2 to 5) into a
 * symtab builder: functions with their address ranges, global variables,
 * line rows, source files and inlined calls.
 *
 * libdwarf gets the image through its object-access interface
 * (dwarf_object_init_b): the sections come from our own bounds-checked view
 * of the file, including long section names ("/NNN", resolved by pe.c from
 * the COFF string table).  All libdwarf state is closed before returning;
 * the tables live in the module arena.
 *
 * Every libdwarf call gets an error pointer (without one libdwarf aborts
 * on errors) and every error is freed; a hostile file ends the reading of
 * the unit where it was found, never the process.
 */
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <libdwarf.h>
#include <dwarf.h>
#include "dwarf_int.h"


/* ---- the object-access interface over a PE view ------------------------ */

struct pe_object
{
    const struct pe_image *img;
    const struct byte_view *view;
    struct section_slot
    {
        const char *name;          /* section name, long names resolved */
        const unsigned char *data; /* in the view, or `copy` */
        uint64_t size;
        unsigned char *copy;       /* malloc'ed when zero fill is needed */
        uint64_t addr;
    } *slots;
    unsigned count;
    uint64_t shown;                /* bytes of the sections shown */
};

static int obj_section_info(void *obj, Dwarf_Unsigned index, Dwarf_Obj_Access_Section_a *sect,
                            int *error)
{
    struct pe_object *pe = obj;

    (void)error;
    if (index >= pe->count) return DW_DLV_NO_ENTRY;
    memset(sect, 0, sizeof(*sect));
    sect->as_addr = pe->slots[index].addr;
    sect->as_size = pe->slots[index].size;
    sect->as_name = pe->slots[index].name;
    return DW_DLV_OK;
}

static Dwarf_Small obj_byte_order(void *obj)
{
    (void)obj;
    return DW_END_little;
}

static Dwarf_Small obj_length_size(void *obj)
{
    (void)obj;
    return 4;
}

static Dwarf_Small obj_pointer_size(void *obj)
{
    return ((struct pe_object *)obj)->img->pe32plus ? 8 : 4;
}

/* libdwarf 0.11.1 uses the "file size" we report for one thing on the
 * paths we take: the initial size of the hash table in which it records
 * every allocation (filesize / 30 entries, so that dwarf_object_finish can
 * free what was not freed), which for a 22 MB DLL is 17 MB of heap.  The
 * table grows with the allocations alive, so a small start costs nothing;
 * the recording itself must stay on, as libdwarf leaks errors it
 * overwrites on some hostile inputs (found by fuzz_symbols) and only
 * dwarf_object_finish gets them back.  The size checks that also read it
 * (frames, .debug_sup, CRC of the file) are on paths we do not call. */
#define OBJ_REPORTED_SIZE_MAX (1u << 20)

static Dwarf_Unsigned obj_file_size(void *obj)
{
    const struct pe_object *pe = obj;

    return pe->shown < OBJ_REPORTED_SIZE_MAX ? pe->shown : OBJ_REPORTED_SIZE_MAX;
}

static Dwarf_Unsigned obj_section_count(void *obj)
{
    return ((struct pe_object *)obj)->count;
}

static int obj_load_section(void *obj, Dwarf_Unsigned index, Dwarf_Small **data, int *error)
{
    struct pe_object *pe = obj;

    if (index >= pe->count)
    {
        *error = DW_DLE_MDE;
        return DW_DLV_ERROR;
    }
    if (!pe->slots[index].data) return DW_DLV_NO_ENTRY;
    /* libdwarf reads section data only (no relocation is requested). */
    *data = (Dwarf_Small *)pe->slots[index].data;
    return DW_DLV_OK;
}

static const Dwarf_Obj_Access_Methods_a obj_methods = {
    obj_section_info, obj_byte_order, obj_length_size, obj_pointer_size,
    obj_file_size, obj_section_count, obj_load_section, NULL,
};

/* The bytes of a section made of DWARF 5 units (.debug_rnglists,
 * .debug_loclists, .debug_addr, .debug_str_offsets) that form whole units:
 * libdwarf 0.11.1 reads every unit header of .debug_rnglists at the first
 * unit of .debug_info and fails that unit, and with it every later one,
 * when trailing bytes do not form a unit, as the zero padding of a section
 * without (or with a too large) VirtualSize does.  Such bytes are never
 * referenced by a valid unit; they are not shown. */
static uint64_t whole_units(const unsigned char *data, uint64_t size)
{
    uint64_t off = 0;

    while (size - off >= 4)
    {
        uint64_t len = (uint64_t)data[off] | (uint64_t)data[off + 1] << 8 |
                       (uint64_t)data[off + 2] << 16 | (uint64_t)data[off + 3] << 24;
        uint64_t hdr = 4;

        if (len == 0xffffffffu)
        {
            unsigned k;

            if (size - off < 12) break;
            for (len = 0, k = 0; k < 8; k++) len |= (uint64_t)data[off + 4 + k] << (8 * k);
            hdr = 12;
        }
        else if (len >= 0xfffffff0u) break; /* reserved */
        if (!len || len > size - off - hdr) break;
        off += hdr + len;
    }
    return off;
}

static int is_unit_section(const char *name)
{
    return !strcmp(name, ".debug_rnglists") || !strcmp(name, ".debug_loclists") ||
           !strcmp(name, ".debug_addr") || !strcmp(name, ".debug_str_offsets");
}

/* Only the .debug_* sections are shown to libdwarf; others get an empty
 * name so that libdwarf skips them without loading them. */
static int pe_object_init(struct pe_object *pe, const struct pe_image *img,
                          const struct byte_view *view, int copy, int *has_info)
{
    unsigned i;

    memset(pe, 0, sizeof(*pe));
    pe->img = img;
    pe->view = view;
    *has_info = 0;
    if (!img->nsections) return 0;
    if (!(pe->slots = calloc(img->nsections, sizeof(*pe->slots)))) return -1;
    pe->count = img->nsections;
    for (i = 0; i < img->nsections; i++)
    {
        const struct pe_section *sec = &img->sections[i];
        struct section_slot *slot = &pe->slots[i];
        const char *name = sec->long_name ? sec->long_name : sec->name;
        uint64_t size, avail, off;

        slot->name = "";
        if (strncmp(name, ".debug_", 7)) continue;
        /* Never read here (unwinding is not done from .debug_frame): a
         * session does not copy them. */
        if (copy && (!strcmp(name, ".debug_frame") || !strcmp(name, ".debug_aranges")))
            continue;
        size = sec->vsize ? sec->vsize : sec->raw_size;
        off = img->mapped ? sec->va : sec->raw_off;
        avail = img->mapped ? sec->vsize : sec->raw_size;
        if (off > view->size) continue;
        if (avail > view->size - off) avail = view->size - off;
        /* A section is what the file holds of it: never more (a hostile
         * VirtualSize must not make us allocate what no byte backs). */
        if (size > avail) size = avail;
        if (is_unit_section(name)) size = whole_units(view->data + off, size);
        slot->name = name;
        slot->addr = img->image_base + sec->va;
        slot->size = size;
        pe->shown += size;
        if (!size) continue;
        if (!copy) slot->data = view->data + off;
        else
        {
            /* A private copy: a session outlives the view. */
            if (!(slot->copy = malloc(size))) return -1;
            memcpy(slot->copy, view->data + off, size);
            slot->data = slot->copy;
        }
        if (!strcmp(name, ".debug_info")) *has_info = 1;
    }
    return 0;
}

static void pe_object_free(struct pe_object *pe)
{
    unsigned i;

    for (i = 0; i < pe->count; i++) free(pe->slots[i].copy);
    free(pe->slots);
}

/* ---- reading DIEs --------------------------------------------------------- */

void dw_drop_error(struct reader *r, Dwarf_Error *err)
{
    if (*err)
    {
        dwarf_dealloc_error(r->dbg, *err);
        *err = NULL;
        r->stats->errors++;
    }
}

int dw_rva_of(const struct reader *r, Dwarf_Addr addr, uint32_t *rva)
{
    if (addr < r->base || addr - r->base >= r->size) return 0;
    *rva = (uint32_t)(addr - r->base);
    return 1;
}

/* Clip [lo, hi) to the image; 0 when nothing is left. */
int dw_range_of(const struct reader *r, Dwarf_Addr lo, Dwarf_Addr hi, uint32_t *rlo, uint32_t *rhi)
{
    if (hi <= lo || !dw_rva_of(r, lo, rlo)) return 0;
    *rhi = hi - r->base > r->size ? (uint32_t)r->size : (uint32_t)(hi - r->base);
    return *rhi > *rlo;
}

static int origin_find(struct origin_cache *c, Dwarf_Off off, const char **name)
{
    size_t i;

    if (!c->keys) return 0;
    for (i = (off * 0x9E3779B97F4A7C15ull) >> 20 & c->mask; c->keys[i]; i = (i + 1) & c->mask)
        if (c->keys[i] == off + 1)
        {
            *name = c->names[i];
            return 1;
        }
    return 0;
}

static void origin_put(struct origin_cache *c, Dwarf_Off off, const char *name)
{
    size_t i;

    if ((c->count + 1) * 2 > c->mask + 1 || !c->keys)
    {
        size_t size = c->keys ? (c->mask + 1) * 2 : 4096, j;
        Dwarf_Off *keys = calloc(size, sizeof(*keys));
        const char **names = calloc(size, sizeof(*names));

        if (!keys || !names)
        {
            free(keys);
            free(names);
            return; /* a cache: missing it only costs time */
        }
        for (j = 0; c->keys && j <= c->mask; j++)
        {
            if (!c->keys[j]) continue;
            for (i = ((c->keys[j] - 1) * 0x9E3779B97F4A7C15ull) >> 20 & (size - 1); keys[i];
                 i = (i + 1) & (size - 1)) {}
            keys[i] = c->keys[j];
            names[i] = c->names[j];
        }
        free(c->keys);
        free(c->names);
        c->keys = keys;
        c->names = names;
        c->mask = size - 1;
    }
    for (i = (off * 0x9E3779B97F4A7C15ull) >> 20 & c->mask; c->keys[i]; i = (i + 1) & c->mask)
        if (c->keys[i] == off + 1) return;
    c->keys[i] = off + 1;
    c->names[i] = name;
    c->count++;
}

/* The DIE a reference attribute points to, or NULL. */
Dwarf_Die dw_ref_die(struct reader *r, Dwarf_Die die, Dwarf_Half at, Dwarf_Off *off)
{
    Dwarf_Attribute attr = NULL;
    Dwarf_Error err = NULL;
    Dwarf_Die target = NULL;
    int res;

    res = dwarf_attr(die, at, &attr, &err);
    if (res != DW_DLV_OK)
    {
        dw_drop_error(r, &err);
        return NULL;
    }
    res = dwarf_global_formref(attr, off, &err);
    dwarf_dealloc_attribute(attr);
    if (res != DW_DLV_OK)
    {
        dw_drop_error(r, &err);
        return NULL;
    }
    if (dwarf_offdie_b(r->dbg, *off, 1, &target, &err) != DW_DLV_OK)
    {
        dw_drop_error(r, &err);
        return NULL;
    }
    return target;
}

/* The name of a DIE, following DW_AT_abstract_origin and
 * DW_AT_specification; an arena string or NULL. */
const char *dw_die_name(struct reader *r, Dwarf_Die die, int hops)
{
    Dwarf_Error err = NULL;
    const char *name = NULL;
    char *str = NULL;
    Dwarf_Off off;
    Dwarf_Die target;
    int res;

    res = dwarf_diename(die, &str, &err);
    if (res == DW_DLV_OK) return symtab_intern(r->b, str, strlen(str));
    dw_drop_error(r, &err);
    if (hops >= 4) return NULL;
    if ((target = dw_ref_die(r, die, DW_AT_abstract_origin, &off)) ||
        (target = dw_ref_die(r, die, DW_AT_specification, &off)))
    {
        if (!origin_find(&r->origins, off, &name))
        {
            name = dw_die_name(r, target, hops + 1);
            origin_put(&r->origins, off, name);
        }
        dwarf_dealloc_die(target);
    }
    return name;
}

int dw_die_udata(struct reader *r, Dwarf_Die die, Dwarf_Half at, Dwarf_Unsigned *val)
{
    Dwarf_Attribute attr = NULL;
    Dwarf_Error err = NULL;
    Dwarf_Half form = 0;
    Dwarf_Signed sval;
    int res;

    if ((res = dwarf_attr(die, at, &attr, &err)) != DW_DLV_OK)
    {
        dw_drop_error(r, &err);
        return 0;
    }
    /* DWARF 5 abbreviations hold DW_FORM_implicit_const values, which this
     * libdwarf reads only as signed data. */
    if (dwarf_whatform(attr, &form, &err) == DW_DLV_OK && form != DW_FORM_implicit_const &&
        form != DW_FORM_sdata)
        res = dwarf_formudata(attr, val, &err);
    else if ((res = dwarf_formsdata(attr, &sval, &err)) == DW_DLV_OK)
        *val = (Dwarf_Unsigned)sval;
    dw_drop_error(r, &err);
    dwarf_dealloc_attribute(attr);
    return res == DW_DLV_OK;
}

/* Call fn for each [lo, hi) address range of a DIE (low/high pc or
 * DW_AT_ranges, DWARF 2 to 5); returns the number of ranges. */

static int ranges_v5(struct reader *r, Dwarf_Attribute attr, range_fn fn, void *ctx)
{
    Dwarf_Rnglists_Head head = NULL;
    Dwarf_Unsigned count = 0, global = 0, val = 0, i, c1, c2, raw1, raw2;
    Dwarf_Error err = NULL;
    Dwarf_Half form = 0;
    Dwarf_Bool unavailable;
    unsigned len, code;
    int n = 0;

    if (dwarf_whatform(attr, &form, &err) != DW_DLV_OK) goto fail;
    if (form == DW_FORM_rnglistx) { if (dwarf_formudata(attr, &val, &err) != DW_DLV_OK) goto fail; }
    else if (dwarf_global_formref(attr, &val, &err) != DW_DLV_OK) goto fail;
    if (dwarf_rnglists_get_rle_head(attr, form, val, &head, &count, &global, &err) != DW_DLV_OK)
        goto fail;
    for (i = 0; i < count; i++)
    {
        unavailable = 0;
        if (dwarf_get_rnglists_entry_fields_a(head, i, &len, &code, &raw1, &raw2, &unavailable,
                                              &c1, &c2, &err) != DW_DLV_OK)
        {
            dw_drop_error(r, &err);
            break;
        }
        if (unavailable) continue;
        switch (code)
        {
        case DW_RLE_startx_endx:
        case DW_RLE_startx_length:
        case DW_RLE_offset_pair:
        case DW_RLE_start_end:
        case DW_RLE_start_length:
            fn(r, c1, c2, ctx);
            n++;
            break;
        default:
            break;
        }
    }
    dwarf_dealloc_rnglists_head(head);
    return n;
fail:
    dw_drop_error(r, &err);
    return 0;
}

int dw_die_ranges(struct reader *r, Dwarf_Die die, Dwarf_Addr cu_base, range_fn fn, void *ctx)
{
    Dwarf_Attribute attr = NULL;
    Dwarf_Error err = NULL;
    Dwarf_Addr lo, hi;
    Dwarf_Half form;
    enum Dwarf_Form_Class cls;
    int res, n = 0;

    res = dwarf_lowpc(die, &lo, &err);
    if (res == DW_DLV_OK)
    {
        res = dwarf_highpc_b(die, &hi, &form, &cls, &err);
        if (res == DW_DLV_OK)
        {
            if (cls == DW_FORM_CLASS_CONSTANT) hi += lo;
            fn(r, lo, hi, ctx);
            return 1;
        }
        /* A unit DIE may give DW_AT_low_pc 0 as the base of DW_AT_ranges. */
    }
    dw_drop_error(r, &err);
    res = dwarf_attr(die, DW_AT_ranges, &attr, &err);
    if (res != DW_DLV_OK)
    {
        dw_drop_error(r, &err);
        return 0;
    }
    if (r->version >= 5) n = ranges_v5(r, attr, fn, ctx);
    else
    {
        Dwarf_Unsigned off = 0;
        Dwarf_Off real;
        Dwarf_Ranges *list = NULL;
        Dwarf_Signed count = 0, i;
        Dwarf_Unsigned bytes;
        Dwarf_Addr base = cu_base;

        res = dwarf_global_formref(attr, &off, &err);
        if (res != DW_DLV_OK && (dw_drop_error(r, &err), dwarf_formudata(attr, &off, &err)) != DW_DLV_OK)
            dw_drop_error(r, &err);
        else if (dwarf_get_ranges_b(r->dbg, off, die, &real, &list, &count, &bytes, &err) == DW_DLV_OK)
        {
            for (i = 0; i < count; i++)
            {
                if (list[i].dwr_type == DW_RANGES_END) break;
                if (list[i].dwr_type == DW_RANGES_ADDRESS_SELECTION) base = list[i].dwr_addr2;
                else
                {
                    fn(r, base + list[i].dwr_addr1, base + list[i].dwr_addr2, ctx);
                    n++;
                }
            }
            dwarf_dealloc_ranges(r->dbg, list, count);
        }
        else dw_drop_error(r, &err);
    }
    dwarf_dealloc_attribute(attr);
    return n;
}

/* ---- functions, variables, inlined calls ---------------------------------- */

struct func_ctx
{
    const char *name;
    uint32_t flags;
    int have_rva;
    uint32_t first_rva;  /* start of the first range kept */
    uint32_t first_size;
};

static void add_func_range(struct reader *r, Dwarf_Addr lo, Dwarf_Addr hi, void *ctx)
{
    struct func_ctx *f = ctx;
    uint32_t rlo, rhi;

    if (!f->name || !dw_range_of(r, lo, hi, &rlo, &rhi)) return;
    if (!f->have_rva)
    {
        f->have_rva = 1;
        f->first_rva = rlo;
        f->first_size = rhi - rlo;
    }
    symtab_add_symbol_static(r->b, rlo, rhi - rlo, f->name, f->flags);
    r->stats->functions++;
}

static void add_site_range(struct reader *r, Dwarf_Addr lo, Dwarf_Addr hi, void *ctx)
{
    uint32_t site = *(uint32_t *)ctx, rlo, rhi;

    if (dw_range_of(r, lo, hi, &rlo, &rhi)) symtab_add_site_range(r->b, site, rlo, rhi);
}

static uint32_t map_file(const struct reader *r, Dwarf_Unsigned fileno)
{
    Dwarf_Signed idx = (Dwarf_Signed)fileno - r->file_base;

    if (!r->filemap || idx < 0 || idx >= r->nfiles) return NO_INDEX;
    return r->filemap[idx];
}

/* A global or static variable with a fixed address (DW_OP_addr); a
 * thread-local one has a node but no address. */
static void read_variable(struct reader *r, Dwarf_Die die)
{
    struct dw_loc loc;
    const char *name;
    Dwarf_Error err = NULL;
    Dwarf_Bool external = 0;
    uint32_t tid, size = 0;

    dw_decode_loc(r, die, &loc);
    dw_loc_free(&loc); /* a global in a list: not one we name */
    if (loc.kind != DW_LOC_STATIC && loc.kind != DW_LOC_TLS) return;
    if (!(name = dw_die_name(r, die, 0))) return;
    if (dwarf_hasattr(die, DW_AT_external, &external, &err) != DW_DLV_OK) dw_drop_error(r, &err);
    tid = dwt_data(r, die, name, external ? DATA_GLOBAL : DATA_FILE_STATIC, &loc);
    if (loc.kind != DW_LOC_STATIC) return;
    if (tid) size = dwt_data_size(r, tid);
    symtab_add_symbol_typed(r->b, loc.rva, size, name, SYME_DATA | (external ? 0 : SYME_LOCAL), tid);
    r->stats->variables++;
}

static void read_children(struct reader *r, Dwarf_Die parent, Dwarf_Addr cu_base, uint32_t depth,
                          int in_func, unsigned level);

/* A parameter or local variable of the function being read: in a
 * register, at an offset from one or from the frame base, or (a
 * function-local static) at a fixed address. */
static void read_local(struct reader *r, Dwarf_Die die, int param)
{
    struct dw_loc loc;
    const char *name;
    uint32_t flags = param ? LOCALF_PARAM : 0, tid;
    unsigned kind = param ? DATA_PARAM : DATA_LOCAL;
    int32_t offset = 0;

    dw_decode_loc(r, die, &loc);
    if (!(name = dw_die_name(r, die, 0)))
    {
        dw_loc_free(&loc);
        return;
    }
    switch (loc.kind)
    {
    case DW_LOC_FRAMEREL: flags |= LOCALF_FRAMEREL; offset = loc.offset; break;
    case DW_LOC_REGREL: flags |= LOCALF_REGREL; offset = loc.offset; break;
    case DW_LOC_REGISTER: flags |= LOCALF_REGISTER; break;
    case DW_LOC_LIST: flags |= LOCALF_LIST; break;
    case DW_LOC_STATIC:
        if (!param)
        {
            flags |= LOCALF_STATIC;
            offset = (int32_t)loc.rva;
            kind = DATA_STATIC_LOCAL;
        }
        break;
    default: break;
    }
    tid = dwt_data(r, die, name, kind, &loc);
    dw_loc_free(&loc);
    if (tid && dwt_is_constant(r, tid)) flags |= LOCALF_CONST;
    symtab_add_local(r->b, name, offset, flags, loc.reg, tid);
}

static void read_inline(struct reader *r, Dwarf_Die die, Dwarf_Addr cu_base, uint32_t depth,
                        unsigned level)
{
    Dwarf_Unsigned file = 0, line = 0;
    const char *name = dw_die_name(r, die, 0);
    uint32_t site;

    dw_die_udata(r, die, DW_AT_call_file, &file);
    dw_die_udata(r, die, DW_AT_call_line, &line);
    site = symtab_open_site(r->b, depth, name ? name : "", map_file(r, file), (uint32_t)line);
    if (site == NO_INDEX) return;
    dw_die_ranges(r, die, cu_base, add_site_range, &site);
    r->stats->inlines++;
    read_children(r, die, cu_base, depth + 1, 1, level + 1);
    symtab_close_site(r->b, site);
}

static void read_function(struct reader *r, Dwarf_Die die, Dwarf_Addr cu_base, unsigned level)
{
    struct func_ctx f;
    Dwarf_Error err = NULL;
    Dwarf_Bool has = 0;
    uint32_t first, first_sym, tid;
    int scoped = 0;

    /* Declarations and abstract instances have no code of their own. */
    if (dwarf_hasattr(die, DW_AT_declaration, &has, &err) == DW_DLV_OK && has) return;
    dw_drop_error(r, &err);
    f.name = NULL;
    f.flags = SYME_FUNC;
    if (dwarf_hasattr(die, DW_AT_external, &has, &err) == DW_DLV_OK && !has) f.flags |= SYME_LOCAL;
    dw_drop_error(r, &err);
    f.name = dw_die_name(r, die, 0);
    if (f.name && r->tt) f.name = dwt_qualify(r, die, f.name);
    f.have_rva = 0;
    first_sym = symtab_sym_count(r->b);
    if (!dw_die_ranges(r, die, cu_base, add_func_range, &f)) return;
    if (f.have_rva && r->tt)
    {
        tid = dwt_function(r, die, f.name, f.first_rva, f.first_size);
        symtab_set_tids(r->b, first_sym, tid);
        scoped = 1;
    }
    first = symtab_local_count(r->b);
    read_children(r, die, cu_base, 1, 1, level + 1);
    if (scoped) dwt_scope_end(r);
    if (f.have_rva)
        symtab_set_func_locals(r->b, f.first_rva, first, symtab_local_count(r->b) - first);
}

/* The first range of a block. */
static void first_range(struct reader *r, Dwarf_Addr lo, Dwarf_Addr hi, void *ctx)
{
    uint32_t *range = ctx, rlo, rhi;

    if (range[1] || !dw_range_of(r, lo, hi, &rlo, &rhi)) return;
    range[0] = rlo;
    range[1] = rhi - rlo;
}

static void read_block(struct reader *r, Dwarf_Die die, Dwarf_Addr cu_base, uint32_t depth,
                       unsigned level)
{
    uint32_t range[2] = { 0, 0 };
    int scoped = 0;

    if (r->tt && depth == 1)
    {
        dw_die_ranges(r, die, cu_base, first_range, range);
        dwt_block(r, die, range[0], range[1]);
        scoped = 1;
    }
    read_children(r, die, cu_base, depth, 1, level + 1);
    if (scoped) dwt_scope_end(r);
}

static void read_children(struct reader *r, Dwarf_Die parent, Dwarf_Addr cu_base, uint32_t depth,
                          int in_func, unsigned level)
{
    Dwarf_Error err = NULL;
    Dwarf_Die child = NULL, next;
    Dwarf_Half tag;
    int res;

    if (level > MAX_DEPTH) return;
    res = dwarf_child(parent, &child, &err);
    if (res != DW_DLV_OK)
    {
        dw_drop_error(r, &err);
        return;
    }
    while (child)
    {
        if (dwarf_tag(child, &tag, &err) == DW_DLV_OK)
        {
            switch (tag)
            {
            case DW_TAG_subprogram:
                read_function(r, child, cu_base, level);
                break;
            case DW_TAG_inlined_subroutine:
                if (in_func) read_inline(r, child, cu_base, depth, level);
                break;
            case DW_TAG_lexical_block:
                if (in_func) read_block(r, child, cu_base, depth, level);
                break;
            case DW_TAG_variable:
                if (in_func && depth == 1) read_local(r, child, 0);
                else if (!in_func) read_variable(r, child);
                break;
            case DW_TAG_formal_parameter:
                if (in_func && depth == 1) read_local(r, child, 1);
                break;
            case DW_TAG_structure_type:
            case DW_TAG_class_type:
            case DW_TAG_union_type:
                if (!in_func && r->tt) dwt_type_die(r, child);
                /* Then the methods defined in the class. */
                /* fall through */
            case DW_TAG_namespace:
                if (!in_func) read_children(r, child, cu_base, depth, 0, level + 1);
                break;
            case DW_TAG_base_type: case DW_TAG_unspecified_type: case DW_TAG_pointer_type:
            case DW_TAG_reference_type: case DW_TAG_rvalue_reference_type:
            case DW_TAG_ptr_to_member_type: case DW_TAG_const_type: case DW_TAG_volatile_type:
            case DW_TAG_restrict_type: case DW_TAG_atomic_type: case DW_TAG_typedef:
            case DW_TAG_array_type: case DW_TAG_enumeration_type: case DW_TAG_subroutine_type:
                if (!in_func && r->tt) dwt_type_die(r, child);
                break;
            default:
                break;
            }
        }
        else dw_drop_error(r, &err);
        next = NULL;
        res = dwarf_siblingof_c(child, &next, &err);
        dwarf_dealloc_die(child);
        if (res != DW_DLV_OK) dw_drop_error(r, &err);
        child = res == DW_DLV_OK ? next : NULL;
    }
}

/* ---- line tables ------------------------------------------------------------ */

static void read_files(struct reader *r, Dwarf_Die cu, Dwarf_Line_Context ctx)
{
    Dwarf_Error err = NULL;
    Dwarf_Signed base = 1, count = 0, end = 0, i;
    char **names = NULL;

    free(r->filemap);
    r->filemap = NULL;
    r->nfiles = 0;
    if (dwarf_srclines_files_indexes(ctx, &base, &count, &end, &err) != DW_DLV_OK)
    {
        dw_drop_error(r, &err);
        base = r->version >= 5 ? 0 : 1;
    }
    r->file_base = base;
    if (dwarf_srcfiles(cu, &names, &count, &err) != DW_DLV_OK)
    {
        dw_drop_error(r, &err);
        return;
    }
    if (count > 0 && (r->filemap = malloc(count * sizeof(*r->filemap))))
    {
        r->nfiles = count;
        for (i = 0; i < count; i++) r->filemap[i] = symtab_add_file(r->b, names[i]);
    }
    for (i = 0; i < count; i++) dwarf_dealloc(r->dbg, names[i], DW_DLA_STRING);
    dwarf_dealloc(r->dbg, names, DW_DLA_LIST);
}

static void read_lines(struct reader *r, Dwarf_Die cu)
{
    Dwarf_Unsigned version = 0;
    Dwarf_Small table_count = 0;
    Dwarf_Line_Context ctx = NULL;
    Dwarf_Line *lines = NULL;
    Dwarf_Signed count = 0, i;
    Dwarf_Error err = NULL;
    int skip = 0;

    if (dwarf_srclines_b(cu, &version, &table_count, &ctx, &err) != DW_DLV_OK)
    {
        dw_drop_error(r, &err);
        return;
    }
    read_files(r, cu, ctx);
    if (dwarf_srclines_from_linecontext(ctx, &lines, &count, &err) != DW_DLV_OK)
    {
        dw_drop_error(r, &err);
        count = 0;
    }
    for (i = 0; i < count; i++)
    {
        Dwarf_Addr addr = 0;
        Dwarf_Unsigned lineno = 0, fileno = 0;
        Dwarf_Bool end = 0;
        uint32_t rva;

        if (dwarf_lineaddr(lines[i], &addr, &err) != DW_DLV_OK ||
            dwarf_lineno(lines[i], &lineno, &err) != DW_DLV_OK ||
            dwarf_line_srcfileno(lines[i], &fileno, &err) != DW_DLV_OK ||
            dwarf_lineendsequence(lines[i], &end, &err) != DW_DLV_OK)
        {
            dw_drop_error(r, &err);
            break;
        }
        if (end)
        {
            /* The end of a sequence of discarded code (address 0)? */
            if (skip)
            {
                skip = 0;
                continue;
            }
            if (addr < r->base) continue;
            rva = addr - r->base > r->size ? (uint32_t)r->size : (uint32_t)(addr - r->base);
        }
        else if (skip) continue;
        else if (!dw_rva_of(r, addr, &rva))
        {
            skip = 1;
            continue;
        }
        symtab_add_line(r->b, rva, (uint32_t)lineno, end ? 0 : map_file(r, fileno), end);
        r->stats->lines++;
    }
    dwarf_srclines_dealloc_b(ctx);
}

/* ---- units ------------------------------------------------------------------- */

static void read_unit(struct reader *r, Dwarf_Die cu, unsigned unit, unsigned nunits)
{
    Dwarf_Error err = NULL;
    Dwarf_Addr cu_base = 0;

    r->tt = symtab_builder_types(r->b);
    dwt_unit_begin(r, cu, unit, nunits);

    if (dwarf_lowpc(cu, &cu_base, &err) != DW_DLV_OK)
    {
        dw_drop_error(r, &err);
        cu_base = 0;
    }
    if (r->flags & READ_LINES) read_lines(r, cu);
    read_children(r, cu, cu_base, 1, 0, 0);
    dwt_unit_end(r);
    r->tt = NULL;
    free(r->filemap);
    r->filemap = NULL;
    r->nfiles = 0;
    r->stats->units++;
}

/* ---- sessions: libdwarf kept open for reading units on demand ---------- */

struct unit_info
{
    Dwarf_Off die;          /* offset of the unit's DIE in .debug_info */
    Dwarf_Half version;
};

struct dwarfread_session
{
    Dwarf_Obj_Access_Interface_a iface; /* libdwarf keeps a pointer to it */
    struct pe_object pe;
    struct reader r;
    struct unit_info *units;
    unsigned nunits, cap;
    struct unit_range *ranges;
    unsigned nranges, range_cap;
    struct reader_stats stats;
};

struct unit_range_ctx
{
    struct dwarfread_session *s;
    unsigned unit;
};

static void add_unit_range(struct reader *r, Dwarf_Addr lo, Dwarf_Addr hi, void *ctx)
{
    struct unit_range_ctx *c = ctx;
    struct dwarfread_session *s = c->s;
    uint32_t rlo, rhi;

    if (!dw_range_of(r, lo, hi, &rlo, &rhi)) return;
    if (s->nranges == s->range_cap)
    {
        unsigned cap = s->range_cap ? s->range_cap * 2 : 64;
        struct unit_range *grown = realloc(s->ranges, cap * sizeof(*grown));

        if (!grown) return;
        s->ranges = grown;
        s->range_cap = cap;
    }
    s->ranges[s->nranges].lo = rlo;
    s->ranges[s->nranges].hi = rhi;
    s->ranges[s->nranges].unit = c->unit;
    s->nranges++;
}

static int range_lo_cmp(const void *a, const void *b)
{
    const struct unit_range *x = a, *y = b;

    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

void dwarfread_close(struct dwarfread_session *s)
{
    if (!s) return;
    free(s->r.origins.keys);
    free(s->r.origins.names);
    free(s->r.filemap);
    dwt_free(&s->r);
    if (s->r.dbg) dwarf_object_finish(s->r.dbg);
    pe_object_free(&s->pe);
    free(s->units);
    free(s->ranges);
    free(s);
}

struct dwarfread_session *dwarfread_open(const struct pe_image *img, const struct byte_view *view,
                                         unsigned flags, int copy, int *status)
{
    struct dwarfread_session *s = calloc(1, sizeof(*s));
    Dwarf_Error err = NULL;
    Dwarf_Unsigned next = 0, hdr_len, typeoff;
    Dwarf_Half version, addr_size, length_size, ext_size, unit_type;
    Dwarf_Off abbrev;
    Dwarf_Sig8 sig;
    int has_info, res;

    *status = -1;
    if (!s) return NULL;
    if (pe_object_init(&s->pe, img, view, copy, &has_info))
    {
        dwarfread_close(s);
        return NULL;
    }
    if (!has_info)
    {
        *status = 0;
        dwarfread_close(s);
        return NULL;
    }
    s->r.base = img->image_base;
    s->r.size = img->size_of_image;
    s->r.flags = flags;
    s->r.stats = &s->stats;
    s->r.ptr_size = img->pe32plus ? 8 : 4;
    s->iface.ai_object = &s->pe;
    s->iface.ai_methods = &obj_methods;
    res = dwarf_object_init_b(&s->iface, NULL, NULL, DW_GROUPNUMBER_ANY, &s->r.dbg, &err);
    if (res != DW_DLV_OK)
    {
        if (err) dwarf_dealloc_error(NULL, err);
        s->r.dbg = NULL;
        *status = res == DW_DLV_NO_ENTRY ? 0 : -1;
        dwarfread_close(s);
        return NULL;
    }
    /* The units and the address ranges of each (from its DIE). */
    for (;;)
    {
        Dwarf_Die cu = NULL;
        Dwarf_Addr cu_base = 0;
        struct unit_range_ctx ctx;

        res = dwarf_next_cu_header_e(s->r.dbg, 1, &cu, &hdr_len, &version, &abbrev, &addr_size,
                                     &length_size, &ext_size, &sig, &typeoff, &next,
                                     &unit_type, &err);
        if (res != DW_DLV_OK)
        {
            dw_drop_error(&s->r, &err);
            break;
        }
        if (s->nunits == s->cap)
        {
            unsigned cap = s->cap ? s->cap * 2 : 64;
            struct unit_info *grown = realloc(s->units, cap * sizeof(*grown));

            if (!grown)
            {
                dwarf_dealloc_die(cu);
                break;
            }
            s->units = grown;
            s->cap = cap;
        }
        if (dwarf_dieoffset(cu, &s->units[s->nunits].die, &err) != DW_DLV_OK)
        {
            dw_drop_error(&s->r, &err);
            dwarf_dealloc_die(cu);
            continue;
        }
        s->units[s->nunits].version = version;
        s->r.version = version;
        if (dwarf_lowpc(cu, &cu_base, &err) != DW_DLV_OK) dw_drop_error(&s->r, &err);
        ctx.s = s;
        ctx.unit = s->nunits;
        dw_die_ranges(&s->r, cu, cu_base, add_unit_range, &ctx);
        dwarf_dealloc_die(cu);
        s->nunits++;
    }
    if (s->nranges > 1) qsort(s->ranges, s->nranges, sizeof(*s->ranges), range_lo_cmp);
    *status = s->nunits ? 1 : 0;
    if (!s->nunits)
    {
        dwarfread_close(s);
        return NULL;
    }
    return s;
}

unsigned dwarfread_unit_count(const struct dwarfread_session *s)
{
    return s->nunits;
}

const struct unit_range *dwarfread_unit_ranges(const struct dwarfread_session *s, unsigned *count)
{
    *count = s->nranges;
    return s->ranges;
}

int dwarfread_unit(struct dwarfread_session *s, unsigned unit, struct symtab_builder *b)
{
    Dwarf_Error err = NULL;
    Dwarf_Die cu = NULL;

    if (unit >= s->nunits) return -1;
    if (dwarf_offdie_b(s->r.dbg, s->units[unit].die, 1, &cu, &err) != DW_DLV_OK)
    {
        dw_drop_error(&s->r, &err);
        return -1;
    }
    s->r.b = b;
    s->r.version = s->units[unit].version;
    read_unit(&s->r, cu, unit, s->nunits);
    dwarf_dealloc_die(cu);
    s->r.b = NULL;
    return 0;
}

int dwarfread_image(const struct pe_image *img, const struct byte_view *view,
                    struct symtab_builder *b, unsigned flags, struct reader_stats *stats)
{
    int status;
    struct dwarfread_session *s = dwarfread_open(img, view, flags, 0, &status);
    unsigned i;

    memset(stats, 0, sizeof(*stats));
    if (!s) return status;
    for (i = 0; i < s->nunits; i++) dwarfread_unit(s, i, b);
    *stats = s->stats;
    dwarfread_close(s);
    return 1;
}

/* ---- the reader behind the seam (reader.h) ------------------------------ */

/* Images with more DWARF than this are read one unit at a time, on demand:
 * the first answer costs one unit, not the whole image. */
#define LAZY_DWARF_MIN (1u << 20)

static int dwarf_present(const struct debug_source *src)
{
    uint32_t size = 0;

    return pe_section_data(src->img, src->view, ".debug_info", &size) != NULL;
}

/* An image without DWARF of its own may name a .gnu_debuglink file. */
static int dwarf_reference(const struct debug_source *src, struct debug_ref *ref)
{
    memset(ref, 0, sizeof(*ref));
    if (dwarf_present(src)) return 0;
    if (pe_read_debuglink(src->img, src->view, ref->name, sizeof(ref->name), &ref->crc)) return 0;
    ref->kind = DEBUG_REF_DEBUGLINK;
    return 1;
}

/* The debuglink file is the whole file with that CRC-32, a PE image of
 * the same base (objcopy --only-keep-debug keeps the headers). */
static int dwarf_accept(const struct debug_ref *ref, const struct pe_image *img,
                        const struct byte_view *file, struct arena *arena, struct pe_image *file_img)
{
    if (ref->kind != DEBUG_REF_DEBUGLINK) return 0;
    if (pe_crc32(0, file->data, file->size) != ref->crc) return 0;
    return pe_parse(file, 0, arena, file_img) == PE_OK && file_img->image_base == img->image_base;
}

static int dwarf_read(const struct debug_source *src, struct symtab_builder *b, unsigned flags,
                      struct reader_stats *stats)
{
    return dwarfread_image(src->img, src->view, b, flags, stats);
}

static int dwarf_is_large(const struct debug_source *src)
{
    uint32_t size = 0;

    return pe_section_data(src->img, src->view, ".debug_info", &size) && size >= LAZY_DWARF_MIN;
}

static void *dwarf_open(const struct debug_source *src, unsigned flags, struct symtab_builder *base,
                        struct reader_stats *stats, int *status)
{
    (void)base;
    (void)stats;
    return dwarfread_open(src->img, src->view, flags, 1, status);
}

static unsigned dwarf_unit_count(const void *s)
{
    return dwarfread_unit_count(s);
}

static const struct unit_range *dwarf_unit_ranges(const void *s, unsigned *count)
{
    return dwarfread_unit_ranges(s, count);
}

static int dwarf_read_unit(void *s, unsigned unit, struct symtab_builder *b)
{
    return dwarfread_unit(s, unit, b);
}

static void dwarf_close(void *s)
{
    dwarfread_close(s);
}

const struct debug_reader dwarf_reader = {
    "DWARF", READER_DWARF, dwarf_present, dwarf_reference, dwarf_accept, dwarf_read,
    dwarf_is_large, dwarf_open, dwarf_unit_count, dwarf_unit_ranges, dwarf_read_unit, dwarf_close,
};
