/*
 * typeinfo.c: type information over a module's type store (types.h):
 * SymGetTypeInfo, SymGetTypeInfoEx, SymEnumTypes(W),
 * SymEnumTypesByName(W), SymGetTypeFromName(W), and the symbol indices
 * that share its ids: SymFromIndex(W), SymGetScope(W),
 * SymSetScopeFromIndex.
 *
 * What each request answers for each tag follows Microsoft's dbghelp
 * where its behaviour is known (the documentation of
 * IMAGEHLP_SYMBOL_TYPE_INFO and DIA's properties; Oleg Starodumov's
 * TypeInfoDump, written against Microsoft's DLL; the ReqsValid masks
 * Microsoft's SymGetTypeInfoEx returns for typedefs, pointers, function
 * types and void), and Wine's builtin elsewhere.  A request a node cannot
 * answer fails with ERROR_INVALID_FUNCTION, as Microsoft's does ("Incorrect
 * function", in the documentation of TI_FINDCHILDREN_PARAMS and in
 * TypeInfoDump).
 */
#define SymEnumTypesByNameW mingw_SymEnumTypesByNameW
#include "dbghelp_private.h"
#undef SymEnumTypesByNameW
#include <oleauto.h>

BOOL WINAPI SymEnumTypesByNameW(HANDLE, ULONG64, PCWSTR, PSYM_ENUMERATESYMBOLS_CALLBACKW, PVOID);

/* ---- one request ------------------------------------------------------------ */

static const struct type_node *node_of(const struct module *mod, DWORD id)
{
    return typetab_get(&mod->types, id);
}

/* Has the node a list of children (possibly empty)? */
static BOOL has_kids(const struct type_node *n)
{
    switch (n->tag)
    {
    case TAG_EXE: case TAG_COMPILAND: case TAG_UDT: case TAG_ENUM: case TAG_FUNCTION_TYPE:
    case TAG_FUNCTION: case TAG_BLOCK:
        return TRUE;
    default:
        return FALSE;
    }
}

/* Tags that answer TI_GET_CHILDRENCOUNT with 0 (no child list). */
static BOOL is_leaf_type(const struct type_node *n)
{
    switch (n->tag)
    {
    case TAG_POINTER_TYPE: case TAG_ARRAY_TYPE: case TAG_FUNCTION_ARG_TYPE: case TAG_BASE_TYPE:
    case TAG_BASE_CLASS: case TAG_VTABLE_SHAPE: case TAG_VTABLE:
        return TRUE;
    default:
        return FALSE;
    }
}

/* The compilands are the EXE's children, in unit order. */
static DWORD exe_kids(const struct module *mod, DWORD *out, DWORD start, DWORD max)
{
    DWORD id, n = 0, seen = 0;
    const struct type_node *node;

    for (id = 1; (node = node_of(mod, id)); id++)
    {
        if (node->tag != TAG_COMPILAND) continue;
        if (seen++ < start) continue;
        if (out && n < max) out[n] = id;
        n++;
    }
    return out ? n : seen;
}

static DWORD kid_count(const struct module *mod, const struct type_node *n)
{
    return n->tag == TAG_EXE ? exe_kids(mod, NULL, 0, 0) : n->nkids;
}

static ULONG64 length_of(const struct module *mod, const struct type_node *n, BOOL *ok);

/* The length of the type id names (typedefs followed). */
static ULONG64 type_length(const struct module *mod, DWORD id, BOOL *ok)
{
    const struct type_node *n = node_of(mod, typetab_untypedef(&mod->types, id));

    if (!n || n->tag == TAG_TYPEDEF)
    {
        *ok = FALSE;
        return 0;
    }
    return length_of(mod, n, ok);
}

static ULONG64 length_of(const struct module *mod, const struct type_node *n, BOOL *ok)
{
    *ok = TRUE;
    switch (n->tag)
    {
    case TAG_BASE_TYPE: case TAG_POINTER_TYPE: case TAG_UDT: case TAG_ARRAY_TYPE:
    case TAG_FUNCTION: case TAG_BLOCK:
        return n->length;
    case TAG_ENUM:
        if (n->length) return n->length;
        return type_length(mod, n->type, ok);
    case TAG_BASE_CLASS:
        return type_length(mod, n->type, ok);
    case TAG_DATA:
        /* A member: its width in bits when it is a bitfield, else no
         * length of its own; other data: its type's. */
        if (n->flags & TNF_BITFIELD) return n->length;
        if (n->kind == DATA_MEMBER) break;
        return type_length(mod, n->type, ok);
    default:
        break;
    }
    *ok = FALSE;
    return 0;
}

static BOOL string_out(const char *name, void *info)
{
    int len;
    WCHAR *w;

    if (!name || !name[0]) return FALSE;
    len = MultiByteToWideChar(CP_ACP, 0, name, -1, NULL, 0);
    /* The caller frees it with LocalFree (TypeInfoDump does). */
    if (len <= 0 || !(w = LocalAlloc(LMEM_FIXED, len * sizeof(WCHAR)))) return FALSE;
    MultiByteToWideChar(CP_ACP, 0, name, -1, w, len);
    *(WCHAR **)info = w;
    return TRUE;
}

/* The name TI_GET_SYMNAME reports, or NULL. */
static const char *name_of(const struct module *mod, const struct type_node *n, char *buf, size_t size)
{
    switch (n->tag)
    {
    case TAG_EXE:
        WideCharToMultiByte(CP_ACP, 0, mod->module_name, -1, buf, (int)size, NULL, NULL);
        return buf;
    case TAG_COMPILAND: case TAG_DATA: case TAG_FUNCTION: case TAG_UDT: case TAG_ENUM:
    case TAG_TYPEDEF: case TAG_BASE_CLASS:
        return n->name;
    default:
        /* Base, pointer, array and function types have none, in
         * Microsoft's DLL as in Wine's. */
        return NULL;
    }
}

/* A constant as a VARIANT: VT_I4 up to 32 bits, VT_I8 beyond, as Wine's
 * builtin stores DWARF enumerators (winedbg compares an enum's value with
 * its enumerators' VT_I1 to VT_I8 variants only). */
static BOOL value_out(const struct module *mod, const struct type_node *n, VARIANT *v)
{
    BOOL ok;
    ULONG64 len = type_length(mod, n->type, &ok);

    if (!(n->flags & TNF_CONSTANT)) return FALSE;
    memset(v, 0, sizeof(*v));
    if (ok && len == 8)
    {
        V_VT(v) = VT_I8;
        V_I8(v) = n->value;
    }
    else
    {
        V_VT(v) = VT_I4;
        V_I4(v) = (LONG)n->value;
    }
    return TRUE;
}

/* Structural equivalence of two types (names compared unless close). */
static BOOL equivalent(const struct module *mod, DWORD a, DWORD b, BOOL close, unsigned depth)
{
    const struct type_node *x, *y;
    DWORD i;

    if (a == b) return TRUE;
    if (depth > 16) return FALSE;
    a = typetab_untypedef(&mod->types, a);
    b = typetab_untypedef(&mod->types, b);
    if (a == b) return TRUE;
    if (!(x = node_of(mod, a)) || !(y = node_of(mod, b)) || x->tag != y->tag) return FALSE;
    switch (x->tag)
    {
    case TAG_BASE_TYPE:
        return x->kind == y->kind && x->length == y->length;
    case TAG_POINTER_TYPE:
        return x->length == y->length && (x->flags & TNF_REFERENCE) == (y->flags & TNF_REFERENCE) &&
               equivalent(mod, x->type, y->type, close, depth + 1);
    case TAG_ARRAY_TYPE:
        return x->count == y->count && equivalent(mod, x->type, y->type, close, depth + 1);
    case TAG_FUNCTION_TYPE:
        if (x->nkids != y->nkids || !equivalent(mod, x->type, y->type, close, depth + 1)) return FALSE;
        for (i = 0; i < x->nkids; i++)
        {
            const struct type_node *p = node_of(mod, x->kids[i]), *q = node_of(mod, y->kids[i]);

            if (!p || !q || !equivalent(mod, p->type, q->type, close, depth + 1)) return FALSE;
        }
        return TRUE;
    case TAG_UDT:
    case TAG_ENUM:
        if (x->kind != y->kind || x->length != y->length) return FALSE;
        if (!close && (!x->name != !y->name || (x->name && strcmp(x->name, y->name)))) return FALSE;
        if ((x->flags | y->flags) & TNF_FORWARD) return TRUE; /* a declaration matches */
        return x->nkids == y->nkids;
    default:
        return FALSE;
    }
}

/* Answer one request: 0, or the error code. */
static DWORD type_info(const struct module *mod, DWORD id, const struct type_node *n,
                       IMAGEHLP_SYMBOL_TYPE_INFO req, void *info)
{
    char buf[MAX_PATH];
    ULONG64 len;
    BOOL ok;

#define OUT_DWORD(v) do { *(DWORD *)info = (DWORD)(v); return 0; } while (0)
    switch ((int)req)
    {
    case TI_GET_SYMTAG:
        OUT_DWORD(n->tag);
    case TI_GET_SYMNAME:
        return string_out(name_of(mod, n, buf, sizeof(buf)), info) ? 0 : ERROR_INVALID_FUNCTION;
    case TI_GET_LENGTH:
        len = length_of(mod, n, &ok);
        if (!ok) break;
        *(ULONG64 *)info = len;
        return 0;
    case TI_GET_TYPE:
    case TI_GET_TYPEID:
        switch (n->tag)
        {
        case TAG_POINTER_TYPE: case TAG_ARRAY_TYPE: case TAG_FUNCTION_TYPE: case TAG_TYPEDEF:
        case TAG_DATA: case TAG_FUNCTION: case TAG_ENUM: case TAG_FUNCTION_ARG_TYPE:
        case TAG_BASE_CLASS: case TAG_VTABLE:
            if (n->type) OUT_DWORD(n->type);
            break;
        default:
            break;
        }
        break;
    case TI_GET_BASETYPE:
        if (n->tag == TAG_BASE_TYPE) OUT_DWORD(n->kind);
        if (n->tag == TAG_ENUM)
        {
            const struct type_node *bt = node_of(mod, typetab_untypedef(&mod->types, n->type));

            if (bt && bt->tag == TAG_BASE_TYPE) OUT_DWORD(bt->kind);
        }
        break;
    case TI_GET_ARRAYINDEXTYPEID:
        if (n->tag == TAG_ARRAY_TYPE && n->aux) OUT_DWORD(n->aux);
        break;
    case TI_FINDCHILDREN:
    {
        TI_FINDCHILDREN_PARAMS *p = info;
        DWORD i, total;

        if (!has_kids(n)) return is_leaf_type(n) && !p->Count ? 0 : ERROR_INVALID_FUNCTION;
        total = kid_count(mod, n);
        if (p->Start > total || p->Count > total - p->Start) return ERROR_INVALID_FUNCTION;
        if (n->tag == TAG_EXE) exe_kids(mod, p->ChildId, p->Start, p->Count);
        else for (i = 0; i < p->Count; i++) p->ChildId[i] = n->kids[p->Start + i];
        return 0;
    }
    case TI_GET_DATAKIND:
        if (n->tag == TAG_DATA) OUT_DWORD(n->kind);
        break;
    case TI_GET_OFFSET:
        if ((n->tag == TAG_DATA || n->tag == TAG_BASE_CLASS || n->tag == TAG_VTABLE) &&
            (n->flags & (TNF_OFFSET | TNF_REGREL | TNF_FRAMEREL)))
            OUT_DWORD(n->value);
        break;
    case TI_GET_VALUE:
        if (n->tag == TAG_DATA && value_out(mod, n, info)) return 0;
        break;
    case TI_GET_COUNT:
        if (n->tag == TAG_ARRAY_TYPE) OUT_DWORD(n->count);
        /* A method's count has its `this` (TypeInfoDump tells static
         * methods by it). */
        if (n->tag == TAG_FUNCTION_TYPE) OUT_DWORD(n->count + (n->aux ? 1 : 0));
        if (n->tag == TAG_VTABLE_SHAPE) OUT_DWORD(n->count);
        break;
    case TI_GET_CHILDRENCOUNT:
        if (has_kids(n)) OUT_DWORD(kid_count(mod, n));
        if (is_leaf_type(n)) OUT_DWORD(0);
        break;
    case TI_GET_BITPOSITION:
        if (n->tag == TAG_DATA && (n->flags & TNF_BITFIELD)) OUT_DWORD(n->bitpos);
        break;
    case TI_GET_VIRTUALBASECLASS:
        if (n->tag == TAG_BASE_CLASS) OUT_DWORD((n->flags & TNF_VIRTUAL) != 0);
        break;
    case TI_GET_VIRTUALTABLESHAPEID:
        if (n->tag == TAG_UDT && n->aux) OUT_DWORD(n->aux);
        break;
    case TI_GET_VIRTUALBASEPOINTEROFFSET:
        if (n->tag == TAG_BASE_CLASS && (n->flags & TNF_VIRTUAL)) OUT_DWORD(n->aux);
        break;
    case TI_GET_CLASSPARENTID:
        switch (n->tag)
        {
        case TAG_DATA: case TAG_FUNCTION: case TAG_FUNCTION_TYPE: case TAG_BASE_CLASS: case TAG_VTABLE:
            if (n->parent && (n->tag != TAG_DATA || n->kind == DATA_MEMBER || n->kind == DATA_STATIC_MEMBER))
                OUT_DWORD(n->parent);
            break;
        default:
            break;
        }
        break;
    case TI_GET_NESTED:
        if (n->tag == TAG_UDT || n->tag == TAG_ENUM) OUT_DWORD((n->flags & TNF_NESTED) != 0);
        break;
    case TI_GET_SYMINDEX:
        OUT_DWORD(id);
    case TI_GET_LEXICALPARENT:
        if (n->tag == TAG_EXE) break;
        if (n->tag == TAG_COMPILAND || n->tag == TAG_FUNCTION || n->tag == TAG_BLOCK ||
            (n->tag == TAG_DATA && n->kind != DATA_MEMBER && n->kind != DATA_STATIC_MEMBER &&
             n->lexical))
            OUT_DWORD(n->lexical ? n->lexical : mod->types.exe);
        /* Types and members: the module itself, as Microsoft's DLL says. */
        if (mod->types.exe) OUT_DWORD(mod->types.exe);
        break;
    case TI_GET_ADDRESS:
        if ((n->tag == TAG_FUNCTION || n->tag == TAG_BLOCK || n->tag == TAG_DATA) &&
            (n->flags & TNF_ADDRESS))
        {
            *(ULONG64 *)info = mod->base + (ULONG64)n->value;
            return 0;
        }
        break;
    case TI_GET_THISADJUST:
        if (n->tag == TAG_FUNCTION_TYPE && n->aux) OUT_DWORD(n->value);
        break;
    case TI_GET_UDTKIND:
        if (n->tag == TAG_UDT) OUT_DWORD(n->kind);
        break;
    case TI_IS_EQUIV_TO:
    case TI_IS_CLOSE_EQUIV_TO:
        /* In: the other type's id; out: S_OK when they are equivalent,
         * else S_FALSE. */
        if (!typetab_is_type_tag(n->tag)) break;
        OUT_DWORD(equivalent(mod, id, *(DWORD *)info, (int)req == TI_IS_CLOSE_EQUIV_TO, 0) ? S_OK : S_FALSE);
    case TI_GET_CALLING_CONVENTION:
        if (n->tag == TAG_FUNCTION_TYPE) OUT_DWORD(n->kind);
        break;
    case TI_GET_VIRTUALBASEDISPINDEX:
        if (n->tag == TAG_BASE_CLASS && (n->flags & TNF_VIRTUAL)) OUT_DWORD(n->count);
        break;
    case TI_GET_IS_REFERENCE:
        if (n->tag == TAG_POINTER_TYPE) OUT_DWORD((n->flags & TNF_REFERENCE) != 0);
        break;
    case TI_GET_INDIRECTVIRTUALBASECLASS:
        if (n->tag == TAG_BASE_CLASS) OUT_DWORD((n->flags & TNF_INDIRECT) != 0);
        break;
    case TI_GET_OBJECTPOINTERTYPE:
        if (n->tag == TAG_FUNCTION_TYPE && n->aux) OUT_DWORD(n->aux);
        break;
    default:
        /* TI_GET_ADDRESSOFFSET (section-relative offsets are PDB's),
         * TI_GET_VIRTUALBASEOFFSET and TI_GET_VIRTUALBASETABLETYPE (not in
         * DWARF as gcc writes it), TI_GTIEX_REQS_VALID (SymGetTypeInfoEx
         * only) and requests past the known ones. */
        break;
    }
#undef OUT_DWORD
    return ERROR_INVALID_FUNCTION;
}

/* The module at base with its symbols loaded, referenced; NULL with the
 * last error set. */
static struct module *types_module(HANDLE handle, DWORD64 base)
{
    return symbol_module_for(handle, base);
}

BOOL WINAPI SymGetTypeInfo(HANDLE handle, DWORD64 base, ULONG id, IMAGEHLP_SYMBOL_TYPE_INFO req,
                           PVOID info)
{
    struct module *mod;
    const struct type_node *n;
    DWORD err;

    if (!(mod = types_module(handle, base))) return FALSE;
    if (!(n = node_of(mod, id))) err = ERROR_INVALID_PARAMETER;
    else if (!info) err = ERROR_INVALID_PARAMETER;
    else err = type_info(mod, id, n, req, info);
    module_release(mod);
    if (err)
    {
        SetLastError(err);
        return FALSE;
    }
    return TRUE;
}

/* ---- SymGetTypeInfoEx --------------------------------------------------------- */

/* One record: every request of p for the node id; the mask of those that
 * were answered. */
static ULONG64 fill_record(const struct module *mod, DWORD id, const struct type_node *n,
                           const DBG_IMAGEHLP_GET_TYPE_INFO_PARAMS *p, BYTE *record)
{
    ULONG64 valid = 0, buf[4];
    ULONG i;
    int reqs_valid = -1;

    for (i = 0; i < p->NumReqs && i < 64; i++)
    {
        IMAGEHLP_SYMBOL_TYPE_INFO req = p->ReqKinds[i];
        BYTE *dst = record + p->ReqOffsets[i];
        ULONG size = p->ReqSizes[i];

        if ((int)req == TI_GTIEX_REQS_VALID)
        {
            reqs_valid = (int)i;
            continue;
        }
        /* TI_FINDCHILDREN needs the caller's Count and Start: not in a
         * record. */
        if (req == TI_FINDCHILDREN) continue;
        memset(buf, 0, sizeof(buf));
        if (req == TI_IS_EQUIV_TO || (int)req == TI_IS_CLOSE_EQUIV_TO)
            memcpy(buf, dst, size < sizeof(DWORD) ? size : sizeof(DWORD));
        if (type_info(mod, id, n, req, buf)) continue;
        valid |= (ULONG64)1 << i;
        memcpy(dst, buf, size < sizeof(buf) ? size : sizeof(buf));
    }
    if (reqs_valid >= 0)
        memcpy(record + p->ReqOffsets[reqs_valid], &valid,
               p->ReqSizes[reqs_valid] < sizeof(valid) ? p->ReqSizes[reqs_valid] : sizeof(valid));
    return valid;
}

BOOL WINAPI SymGetTypeInfoEx(HANDLE handle, DWORD64 base, DBG_IMAGEHLP_GET_TYPE_INFO_PARAMS *p)
{
    struct module *mod;
    ULONG i, k, filled = 0, matched = 0;
    ULONG64 all = ~(ULONG64)0, tags = 0;
    BOOL full = FALSE;

    if (!(mod = types_module(handle, base))) return FALSE;
    if (!p || p->SizeOfStruct != sizeof(*p) || (p->NumIds && !p->TypeIds) ||
        (p->NumReqs && (!p->ReqKinds || !p->ReqOffsets || !p->ReqSizes)) ||
        (p->NumReqsValid && !p->ReqsValid))
    {
        module_release(mod);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    for (i = 0; i < p->NumReqs; i++)
        if (p->ReqOffsets[i] > p->ReqStride || p->ReqSizes[i] > p->ReqStride - p->ReqOffsets[i])
        {
            module_release(mod);
            SetLastError(ERROR_INVALID_PARAMETER);
            return FALSE;
        }
    for (i = 0; i < p->NumIds; i++)
    {
        const struct type_node *top = node_of(mod, p->TypeIds[i]);
        DWORD nids = 1, one = p->TypeIds[i];
        const DWORD *ids = &one;
        DWORD kids[64];

        if (!top) continue;
        if (p->Flags & IMAGEHLP_GET_TYPE_INFO_CHILDREN)
        {
            if (top->tag == TAG_EXE)
            {
                nids = exe_kids(mod, kids, 0, ARRAY_SIZE(kids));
                if (nids > ARRAY_SIZE(kids)) nids = ARRAY_SIZE(kids);
                ids = kids;
            }
            else
            {
                nids = has_kids(top) ? top->nkids : 0;
                ids = (const DWORD *)top->kids;
            }
        }
        for (k = 0; k < nids; k++)
        {
            const struct type_node *n = node_of(mod, ids[k]);
            ULONG64 valid;

            if (!n) continue;
            tags |= (ULONG64)1 << (n->tag & 63);
            if (!(p->TagFilter & ((ULONG64)1 << (n->tag & 63)))) continue;
            matched++;
            if (full || !p->Buffer || (ULONG64)(filled + 1) * p->ReqStride > p->BufferSize)
            {
                full = TRUE;
                continue;
            }
            valid = fill_record(mod, ids[k], n, p, (BYTE *)p->Buffer + (SIZE_T)filled * p->ReqStride);
            if (filled < p->NumReqsValid) p->ReqsValid[filled] = valid;
            all &= valid;
            filled++;
        }
    }
    module_release(mod);
    p->EntriesMatched = matched;
    p->EntriesFilled = filled;
    p->TagsFound = tags;
    p->AllReqsValid = filled ? all : 0;
    if (full)
    {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    return TRUE;
}

/* ---- enumerating and finding types ---------------------------------------------- */

/* A missing argument: ERROR_INVALID_PARAMETER, after the handle check. */
static BOOL bad_parameter(HANDLE handle)
{
    struct process *pcs = process_enter(handle);

    if (pcs)
    {
        process_release(pcs);
        SetLastError(ERROR_INVALID_PARAMETER);
    }
    return FALSE;
}

/* What SymEnumTypes lists, as Wine's builtin: the types a program names or
 * builds, not their parts (arguments, base classes, vtable shapes) and not
 * the base types. */
static BOOL is_listed_type(const struct type_node *n)
{
    switch (n->tag)
    {
    case TAG_UDT: case TAG_ENUM: case TAG_ARRAY_TYPE: case TAG_FUNCTION_TYPE:
    case TAG_POINTER_TYPE: case TAG_TYPEDEF:
        return TRUE;
    default:
        return FALSE;
    }
}

/* Fill a SYMBOL_INFO(W) for a type (or, from SymFromIndex, a symbol). */
static void fill_type_symbol(const struct module *mod, DWORD id, const struct type_node *n,
                             SYMBOL_INFO *info, BOOL wide)
{
    char buf[MAX_PATH];
    const char *name = name_of(mod, n, buf, sizeof(buf));
    BOOL ok;
    ULONG64 len = length_of(mod, n, &ok);
    ULONG max = info->MaxNameLen;

    if (!ok) len = 0;
    info->TypeIndex = id;
    info->Reserved[0] = info->Reserved[1] = 0;
    info->info = id;
    info->Size = (ULONG)len;
    info->ModBase = mod->base;
    info->Flags = 0;
    info->Value = 0;
    info->Address = 0;
    info->Register = 0;
    info->Scope = 0;
    info->Tag = n->tag;
    if (!name) name = "";
    if (wide)
    {
        SYMBOL_INFOW *w = (SYMBOL_INFOW *)info;
        int full = MultiByteToWideChar(CP_ACP, 0, name, -1, NULL, 0);

        w->NameLen = full > 0 ? (ULONG)full - 1 : 0;
        if (max)
        {
            int got = MultiByteToWideChar(CP_ACP, 0, name, -1, w->Name, (int)max);

            if (!got) w->Name[max - 1] = 0;
        }
    }
    else
    {
        size_t l = strlen(name);

        info->NameLen = (ULONG)l;
        if (max)
        {
            size_t c = l < max - 1 ? l : max - 1;

            memcpy(info->Name, name, c);
            info->Name[c] = 0;
        }
    }
}

/* The modules a base and a "mod!" prefix select, snapshot-referenced; the
 * rest of the mask in *rest. */
struct type_query
{
    struct process *pcs;
    struct module **mods;
    size_t count;
};

static BOOL select_modules(HANDLE handle, ULONG64 base, const char *mask, struct type_query *q,
                           const char **rest)
{
    const char *bang = mask ? strchr(mask, '!') : NULL;
    size_t i, kept = 0;
    char modmask[MAX_PATH];

    *rest = bang ? bang + 1 : mask;
    if (bang && (bang == mask || (size_t)(bang - mask) >= sizeof(modmask)))
    {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(q->pcs = process_enter(handle))) return FALSE;
    if (bang)
    {
        memcpy(modmask, mask, bang - mask);
        modmask[bang - mask] = 0;
    }
    q->mods = module_snapshot(q->pcs, &q->count);
    for (i = 0; i < q->count; i++)
    {
        struct module *mod = q->mods[i];
        BOOL keep = !mod->unloaded;

        if (keep && bang)
        {
            char name[64], alias[64];

            dbg_WtoA(mod->module_name, name, sizeof(name));
            dbg_WtoA(mod->alias, alias, sizeof(alias));
            keep = symbol_match(name, modmask, TRUE) || (alias[0] && symbol_match(alias, modmask, TRUE));
        }
        else if (keep) keep = mod->base == base;
        if (keep) q->mods[kept++] = mod;
        else module_release(mod);
    }
    q->count = kept;
    if (!kept)
    {
        module_snapshot_free(q->mods, 0);
        process_release(q->pcs);
        SetLastError(ERROR_MOD_NOT_FOUND);
        return FALSE;
    }
    return TRUE;
}

static void query_done(struct type_query *q)
{
    module_snapshot_free(q->mods, q->count);
    process_release(q->pcs);
}

/* Every unit read (types are made as units are) and the name index. */
static void module_all_types(struct type_query *q, struct module *mod)
{
    module_ensure_symbols(q->pcs, mod);
    module_tab_all(mod);
    if (!mod->types.buckets)
    {
        AcquireSRWLockExclusive(&mod->syms_lock);
        typetab_index(&mod->types);
        ReleaseSRWLockExclusive(&mod->syms_lock);
    }
}

static BOOL enum_types(HANDLE handle, ULONG64 base, const char *mask, void *cb, void *user, BOOL wide)
{
    struct type_query q;
    const char *pattern;
    size_t i;
    BOOL go = TRUE, nocase = (dbghelp_options & SYMOPT_CASE_INSENSITIVE) != 0;
    union { SYMBOL_INFO a; BYTE buf[sizeof(SYMBOL_INFOW) + MAX_SYM_NAME * sizeof(WCHAR)]; } u;

    if (!cb) return bad_parameter(handle);
    if (!select_modules(handle, base, mask, &q, &pattern)) return FALSE;
    if (pattern && !*pattern) pattern = NULL;
    for (i = 0; i < q.count && go; i++)
    {
        struct module *mod = q.mods[i];
        const struct type_node *n;
        DWORD id;

        module_all_types(&q, mod);
        for (id = 1; go && (n = node_of(mod, id)); id++)
        {
            if (!is_listed_type(n)) continue;
            if (pattern && (!n->name || !symbol_match(n->name, pattern, nocase))) continue;
            memset(&u, 0, sizeof(u));
            u.a.SizeOfStruct = wide ? sizeof(SYMBOL_INFOW) : sizeof(SYMBOL_INFO);
            u.a.MaxNameLen = MAX_SYM_NAME;
            fill_type_symbol(mod, id, n, &u.a, wide);
            if (wide) go = ((PSYM_ENUMERATESYMBOLS_CALLBACKW)cb)((SYMBOL_INFOW *)&u.a, u.a.Size, user);
            else go = ((PSYM_ENUMERATESYMBOLS_CALLBACK)cb)(&u.a, u.a.Size, user);
        }
    }
    query_done(&q);
    return TRUE;
}

BOOL WINAPI SymEnumTypes(HANDLE handle, ULONG64 base, PSYM_ENUMERATESYMBOLS_CALLBACK cb, PVOID user)
{
    return enum_types(handle, base, NULL, (void *)cb, user, FALSE);
}

BOOL WINAPI SymEnumTypesW(HANDLE handle, ULONG64 base, PSYM_ENUMERATESYMBOLS_CALLBACKW cb, PVOID user)
{
    return enum_types(handle, base, NULL, (void *)cb, user, TRUE);
}

BOOL WINAPI SymEnumTypesByName(HANDLE handle, ULONG64 base, PCSTR mask,
                               PSYM_ENUMERATESYMBOLS_CALLBACK cb, PVOID user)
{
    return enum_types(handle, base, mask, (void *)cb, user, FALSE);
}

BOOL WINAPI SymEnumTypesByNameW(HANDLE handle, ULONG64 base, PCWSTR mask,
                                PSYM_ENUMERATESYMBOLS_CALLBACKW cb, PVOID user)
{
    char *maskA = mask ? dbg_strdup_WtoA(mask) : NULL;
    BOOL ret;

    if (mask && !maskA)
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ret = enum_types(handle, base, maskA, (void *)cb, user, TRUE);
    free(maskA);
    return ret;
}

static BOOL type_from_name(HANDLE handle, ULONG64 base, const char *name, SYMBOL_INFO *info, BOOL wide)
{
    struct type_query q;
    const char *type_name;
    size_t i;
    BOOL nocase = (dbghelp_options & SYMOPT_CASE_INSENSITIVE) != 0;

    if (!name || !info) return bad_parameter(handle);
    if (!select_modules(handle, base, name, &q, &type_name)) return FALSE;
    for (i = 0; i < q.count; i++)
    {
        struct module *mod = q.mods[i];
        DWORD id;

        module_all_types(&q, mod);
        if ((id = typetab_find_name(&mod->types, type_name, strlen(type_name), nocase)))
        {
            fill_type_symbol(mod, id, node_of(mod, id), info, wide);
            query_done(&q);
            return TRUE;
        }
    }
    query_done(&q);
    SetLastError(ERROR_INVALID_NAME);
    return FALSE;
}

BOOL WINAPI SymGetTypeFromName(HANDLE handle, ULONG64 base, PCSTR name, PSYMBOL_INFO info)
{
    return type_from_name(handle, base, name, info, FALSE);
}

BOOL WINAPI SymGetTypeFromNameW(HANDLE handle, ULONG64 base, PCWSTR name, PSYMBOL_INFOW info)
{
    char *nameA = name ? dbg_strdup_WtoA(name) : NULL;
    BOOL ret;

    if (name && !nameA)
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ret = type_from_name(handle, base, nameA, (SYMBOL_INFO *)info, TRUE);
    free(nameA);
    return ret;
}

/* ---- symbol indices --------------------------------------------------------------- */

/* Fill a SYMBOL_INFO for a function or data node as SymFromAddr and the
 * enumerations do: TypeIndex its type, Index its id, Size its length or
 * its type's. */
static void fill_index_symbol(const struct module *mod, DWORD id, const struct type_node *n,
                              SYMBOL_INFO *info, BOOL wide)
{
    BOOL ok;
    ULONG64 len;

    fill_type_symbol(mod, id, n, info, wide);
    info->TypeIndex = n->type;
    len = length_of(mod, n, &ok);
    if (!ok) len = type_length(mod, n->type, &ok);
    info->Size = ok ? (ULONG)len : 0;
    if (n->flags & TNF_ADDRESS) info->Address = mod->base + (ULONG64)n->value;
    if (n->tag == TAG_DATA)
    {
        switch (n->kind)
        {
        case DATA_PARAM: info->Flags |= SYMFLAG_PARAMETER; /* fall through */
        case DATA_LOCAL:
            info->Flags |= SYMFLAG_LOCAL;
            if (n->flags & TNF_REGREL)
            {
                info->Flags |= SYMFLAG_REGREL;
                info->Register = n->reg;
                info->Address = (ULONG64)n->value;
            }
            else if (n->flags & TNF_REGISTER)
            {
                info->Flags |= SYMFLAG_REGISTER;
                info->Register = n->reg;
            }
            else if (n->flags & TNF_FRAMEREL)
            {
                info->Flags |= SYMFLAG_FRAMEREL;
                info->Address = (ULONG64)n->value;
            }
            break;
        case DATA_CONSTANT:
            info->Flags |= SYMFLAG_VALUEPRESENT;
            info->Value = (ULONG64)n->value;
            break;
        default:
            if (n->flags & TNF_TLSREL)
            {
                info->Flags |= SYMFLAG_TLSREL;
                info->Address = (ULONG64)n->value;
            }
            break;
        }
        if (!(n->flags & TNF_TLSREL) && info->Address && !(info->Flags & (SYMFLAG_REGREL | SYMFLAG_FRAMEREL)))
            info->Value = info->Address;
    }
    else info->Value = info->Address;
}

static BOOL from_index(HANDLE handle, ULONG64 base, DWORD index, SYMBOL_INFO *info, BOOL wide,
                       BOOL scope)
{
    struct module *mod;
    const struct type_node *n;

    if (!(mod = types_module(handle, base))) return FALSE;
    n = node_of(mod, index);
    /* SymGetScope: the function or block the symbol is in. */
    if (n && scope)
    {
        index = n->lexical;
        n = node_of(mod, index);
    }
    if (!n || !info || (n->tag != TAG_FUNCTION && n->tag != TAG_DATA && n->tag != TAG_BLOCK &&
                        !(scope && (n->tag == TAG_COMPILAND || n->tag == TAG_EXE))))
    {
        module_release(mod);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    fill_index_symbol(mod, index, n, info, wide);
    module_release(mod);
    return TRUE;
}

BOOL WINAPI SymFromIndex(HANDLE handle, ULONG64 base, DWORD index, PSYMBOL_INFO info)
{
    return from_index(handle, base, index, info, FALSE, FALSE);
}

BOOL WINAPI SymFromIndexW(HANDLE handle, ULONG64 base, DWORD index, PSYMBOL_INFOW info)
{
    return from_index(handle, base, index, (SYMBOL_INFO *)info, TRUE, FALSE);
}

BOOL WINAPI SymGetScope(HANDLE handle, ULONG64 base, DWORD index, PSYMBOL_INFO info)
{
    return from_index(handle, base, index, info, FALSE, TRUE);
}

BOOL WINAPI SymGetScopeW(HANDLE handle, ULONG64 base, DWORD index, PSYMBOL_INFOW info)
{
    return from_index(handle, base, index, (SYMBOL_INFO *)info, TRUE, TRUE);
}

/* The scope of a function or block symbol: as SymSetScopeFromAddr at its
 * address. */
BOOL WINAPI SymSetScopeFromIndex(HANDLE handle, ULONG64 base, DWORD index)
{
    struct module *mod;
    const struct type_node *n;
    DWORD64 addr;

    if (!(mod = types_module(handle, base))) return FALSE;
    n = node_of(mod, index);
    if (!n || (n->tag != TAG_FUNCTION && n->tag != TAG_BLOCK) || !(n->flags & TNF_ADDRESS))
    {
        module_release(mod);
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    addr = mod->base + (ULONG64)n->value;
    module_release(mod);
    return symbol_set_scope(handle, addr) || GetLastError() == ERROR_SUCCESS;
}
