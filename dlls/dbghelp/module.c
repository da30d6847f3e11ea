/*
 * module.c: the module lifecycle of a process: SymLoadModule*,
 * SymUnloadModule*, SymGetModuleInfo*, SymGetModuleBase*,
 * SymEnumerateModules*, SymRefreshModuleList.
 *
 * An image is read once at load through a read-only mapping that is closed
 * before SymLoadModule* returns: a module never holds a file handle or a
 * mapping, so its file can be replaced or deleted at any time, and unload
 * only has to free the module's arena.
 */
#include <stdlib.h>
#include <string.h>
#include "dbghelp_private.h"

void module_release(struct module *mod)
{
    if (InterlockedDecrement(&mod->refs)) return;
    module_debug_close(mod);
    arena_free_all(&mod->arena);
    free(mod->added);
    free(mod->names);
    free(mod);
}

struct module *module_find(struct process *pcs, DWORD64 addr)
{
    return modindex_find(&pcs->index, addr);
}

static int release_cb(void *owner, void *ctx)
{
    struct module *mod = owner;

    mod->unloaded = TRUE;
    module_release(mod);
    return 0;
}

void module_remove_all(struct process *pcs)
{
    modindex_foreach(&pcs->index, release_cb, NULL);
    modindex_clear(&pcs->index);
}

struct snapshot
{
    struct module **mods;
    size_t count;
};

static int snapshot_cb(void *owner, void *ctx)
{
    struct snapshot *snap = ctx;
    struct module *mod = owner;

    InterlockedIncrement(&mod->refs);
    snap->mods[snap->count++] = mod;
    return 0;
}

static int seq_cmp(const void *a, const void *b)
{
    const struct module *x = *(struct module *const *)a, *y = *(struct module *const *)b;

    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* In load order, as Microsoft's dbghelp enumerates. */
struct module **module_snapshot(struct process *pcs, size_t *count)
{
    struct snapshot snap = { NULL, 0 };

    AcquireSRWLockShared(&dbghelp_lock);
    if (pcs->index.count && (snap.mods = malloc(pcs->index.count * sizeof(*snap.mods))))
        modindex_foreach(&pcs->index, snapshot_cb, &snap);
    ReleaseSRWLockShared(&dbghelp_lock);
    if (snap.count > 1) qsort(snap.mods, snap.count, sizeof(*snap.mods), seq_cmp);
    *count = snap.count;
    return snap.mods;
}

void module_snapshot_free(struct module **mods, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) module_release(mods[i]);
    free(mods);
}

/* Read a module's symbols (moddebug.c) and trace what was read. */
static void read_symbols(struct process *pcs, struct module *mod, const struct pe_image *img,
                         const struct byte_view *view)
{
    struct symbols_report r;

    module_read_symbols(pcs, mod, img, view, &r);
    if (pcs && r.reader)
        process_debug_info(pcs, L"%S of %s: %u units, %u functions, %u inline sites, %I64u line rows%s%s\n",
                           r.reader, mod->module_name, r.units, r.stats.functions, r.stats.inlines,
                           (unsigned __int64)r.stats.lines,
                           r.from_file ? L" (separate debug file)" : L"",
                           r.lazy ? L" (units read on demand)" : L"");
}

/* ---- images that exist only in a process's memory ----------------------- */

static struct module *module_new(void);
static BOOL module_set_names(struct module *mod, const WCHAR *image, const WCHAR *file,
                             const WCHAR *alias);

/* Largest in-memory image we copy. */
#define MEMORY_IMAGE_MAX (512u << 20)

/* Read target memory through the caller's CBA_READ_MEMORY callback when it
 * answers, else ReadProcessMemory. */
static BOOL process_read(struct process *pcs, DWORD64 addr, void *buf, DWORD len)
{
    struct target_memory m;

    memset(&m, 0, sizeof(m));
    m.process = pcs->handle;
    m.pcs = pcs;
    return target_read(&m, addr, buf, len);
}

/* Copy an image mapped at base in the target process: headers, then the
 * whole SizeOfImage in 64 KiB pieces.  Returns a VirtualAlloc'ed buffer. */
static unsigned char *read_memory_image(struct process *pcs, DWORD64 base, DWORD size, SIZE_T *len)
{
    unsigned char header[4096], *data;
    struct byte_view view = { header, sizeof(header) };
    struct arena scratch;
    struct pe_image img;
    DWORD64 off;
    SIZE_T total;

    if (!process_read(pcs, base, header, sizeof(header))) return NULL;
    arena_init(&scratch);
    if (pe_parse(&view, 1, &scratch, &img) != PE_OK)
    {
        arena_free_all(&scratch);
        return NULL;
    }
    arena_free_all(&scratch);
    total = size ? size : img.size_of_image;
    if (total < sizeof(header) || total > MEMORY_IMAGE_MAX) return NULL;
    if (!(data = VirtualAlloc(NULL, total, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE))) return NULL;
    for (off = 0; off < total; off += 0x10000)
    {
        DWORD chunk = (DWORD)(total - off < 0x10000 ? total - off : 0x10000), page;

        if (process_read(pcs, base + off, data + off, chunk)) continue;
        for (page = 0; page < chunk; page += 0x1000)
            process_read(pcs, base + off + page, data + off + page, chunk - page < 0x1000 ? chunk - page : 0x1000);
    }
    *len = total;
    return data;
}

/* A module whose image is only in the target's memory (no file found). */
static struct module *module_from_memory(struct process *pcs, const WCHAR *image, const WCHAR *alias,
                                         DWORD64 base, DWORD size, DWORD flags)
{
    struct module *mod;
    struct pe_image img;
    struct byte_view view;
    SIZE_T len = 0;
    unsigned char *data = read_memory_image(pcs, base, size, &len);

    if (!data) return NULL;
    view.data = data;
    view.size = len;
    if (!(mod = module_new()) || pe_parse(&view, 1, &mod->arena, &img) != PE_OK ||
        !module_set_names(mod, image, image, alias))
    {
        if (mod) module_release(mod);
        VirtualFree(data, 0, MEM_RELEASE);
        return NULL;
    }
    mod->kind = MODULE_IMAGE;
    mod->in_memory = TRUE;
    mod->base = base;
    mod->size = len;
    mod->checksum = img.checksum;
    mod->machine = img.machine;
    mod->flags = flags;
    /* Read now: the target may unmap the image before a later query. */
    read_symbols(pcs, mod, &img, &view);
    VirtualFree(data, 0, MEM_RELEASE);
    return mod;
}

static const struct symtab empty_tab;

static struct module *module_new(void)
{
    static LONG64 next_seq;
    struct module *mod = calloc(1, sizeof(*mod));

    if (!mod) return NULL;
    mod->refs = 1;
    mod->seq = InterlockedIncrement64(&next_seq);
    arena_init(&mod->arena);
    typetab_init(&mod->types, &mod->arena);
    InitializeSRWLock(&mod->syms_lock);
    mod->syms = SYMS_DEFERRED;
    mod->sym_type = SymDeferred;
    /* Empty tables until symbols are read: never NULL.  Shared and never
     * written, so that a module costs no arena memory until it reads
     * symbols (10,000 virtual modules stay cheap). */
    mod->full = 1;
    mod->tab = (struct symtab *)&empty_tab;
    return mod;
}

/* Copy src (NULL: empty) truncated to max - 1 characters at *pos. */
static const WCHAR *put_name(WCHAR **pos, const WCHAR *src, size_t max)
{
    WCHAR *dst = *pos;
    size_t len = src ? wcslen(src) : 0;

    if (len > max - 1) len = max - 1;
    if (len) memcpy(dst, src, len * sizeof(WCHAR));
    dst[len] = 0;
    *pos = dst + len + 1;
    return dst;
}

/* ModuleName is always the image's base name; the caller's ModuleName is
 * only an alias for "alias!symbol" lookups, as in Microsoft's dbghelp.
 * Names are stored at their real length: a module record stays small, which
 * keeps 10,000 modules cheap to load and look up. */
static BOOL module_set_names(struct module *mod, const WCHAR *image, const WCHAR *file,
                             const WCHAR *alias)
{
    size_t len = (image ? wcslen(image) : 0) + (file ? wcslen(file) : 0) +
                 (alias ? wcslen(alias) : 0) + 3;
    WCHAR *pos;

    if (!(mod->names = pos = malloc(len * sizeof(WCHAR)))) return FALSE;
    mod->image_name = put_name(&pos, image, 256);
    mod->file_path = put_name(&pos, file, MAX_PATH);
    mod->alias = put_name(&pos, alias, ARRAY_SIZE(mod->module_name));
    module_name_from_path((const uint16_t *)(image && *image ? image : file ? file : L""),
                          (uint16_t *)mod->module_name, ARRAY_SIZE(mod->module_name));
    return TRUE;
}

BOOL module_matches_name(const struct module *mod, const WCHAR *name, size_t len)
{
    if (len == wcslen(mod->module_name) && !_wcsnicmp(mod->module_name, name, len)) return TRUE;
    return mod->alias[0] && len == wcslen(mod->alias) && !_wcsnicmp(mod->alias, name, len);
}

/* Build a module from an image file; sets the last error on failure.  The
 * headers are always read (base, size, machine); the symbols only when not
 * deferred. */
static struct module *module_from_file(struct process *pcs, HANDLE file, const WCHAR *image,
                                       const WCHAR *path,
                                       const WCHAR *alias, DWORD flags, BOOL deferred)
{
    struct image_map map;
    struct pe_image img;
    struct module *mod;
    enum pe_status st;

    if (!(mod = module_new()))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (!image_map_open(file, &map))
    {
        module_release(mod);
        SetLastError(ERROR_BAD_EXE_FORMAT);
        return NULL;
    }
    if ((st = pe_parse(&map.view, 0, &mod->arena, &img)) != PE_OK)
    {
        image_map_close(&map);
        module_release(mod);
        SetLastError(st == PE_NO_MEMORY ? ERROR_NOT_ENOUGH_MEMORY : ERROR_BAD_EXE_FORMAT);
        return NULL;
    }
    mod->kind = MODULE_IMAGE;
    mod->base = img.image_base;
    mod->size = img.size_of_image;
    mod->checksum = img.checksum;
    mod->machine = img.machine;
    mod->flags = flags;
    if (!module_set_names(mod, image, path, alias))
    {
        image_map_close(&map);
        module_release(mod);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (!deferred) read_symbols(pcs, mod, &img, &map.view);
    image_map_close(&map);
    return mod;
}

/* Raise the deferred-load callbacks for a module whose symbols were just
 * read (or failed to be read). */
static void module_notify_symbols(struct process *pcs, struct module *mod)
{
    IMAGEHLP_DEFERRED_SYMBOL_LOADW64 dsl;

    memset(&dsl, 0, sizeof(dsl));
    dsl.SizeOfStruct = sizeof(dsl);
    dsl.BaseOfImage = mod->base;
    dsl.CheckSum = mod->checksum;
    dsl.TimeDateStamp = mod->timestamp;
    lstrcpynW(dsl.FileName, mod->image_name, ARRAY_SIZE(dsl.FileName));
    process_callback(pcs, CBA_DEFERRED_SYMBOL_LOAD_START, &dsl);
    process_callback(pcs, mod->syms == SYMS_FAILED ? CBA_DEFERRED_SYMBOL_LOAD_FAILURE
                                                   : CBA_DEFERRED_SYMBOL_LOAD_COMPLETE, &dsl);
}

void module_ensure_symbols(struct process *pcs, struct module *mod)
{
    BOOL notify = FALSE;

    AcquireSRWLockShared(&mod->syms_lock);
    if (mod->syms != SYMS_DEFERRED)
    {
        ReleaseSRWLockShared(&mod->syms_lock);
        return;
    }
    ReleaseSRWLockShared(&mod->syms_lock);

    AcquireSRWLockExclusive(&mod->syms_lock);
    if (mod->syms == SYMS_DEFERRED)
    {
        if (mod->kind == MODULE_VIRTUAL)
        {
            mod->syms = SYMS_LOADED;
            mod->sym_type = SymVirtual;
        }
        else
        {
            /* Read the image again: the module kept no handle open. */
            HANDLE file = open_image(mod->file_path);
            struct image_map map;
            struct pe_image img;

            notify = TRUE;
            if (file != INVALID_HANDLE_VALUE && image_map_open(file, &map))
            {
                if (pe_parse(&map.view, 0, &mod->arena, &img) == PE_OK)
                    read_symbols(pcs, mod, &img, &map.view);
                image_map_close(&map);
            }
            if (file != INVALID_HANDLE_VALUE) CloseHandle(file);
            if (mod->syms == SYMS_DEFERRED)
            {
                mod->syms = SYMS_FAILED;
                mod->sym_type = SymNone;
            }
        }
    }
    ReleaseSRWLockExclusive(&mod->syms_lock);
    if (notify) module_notify_symbols(pcs, mod);
}

BOOL module_with_image(struct module *mod, module_image_fn fn, void *ctx)
{
    struct image_map map;
    struct pe_image img;
    struct arena scratch;
    HANDLE file;
    BOOL ret = FALSE;

    if (mod->kind != MODULE_IMAGE) return FALSE;
    if ((file = open_image(mod->file_path)) == INVALID_HANDLE_VALUE) return FALSE;
    arena_init(&scratch);
    if (image_map_open(file, &map))
    {
        if (pe_parse(&map.view, 0, &scratch, &img) == PE_OK) ret = fn(mod, &img, &map.view, ctx);
        image_map_close(&map);
    }
    CloseHandle(file);
    arena_free_all(&scratch);
    return ret;
}

DWORD64 module_load(struct process *pcs, HANDLE file, const WCHAR *image, const WCHAR *alias,
                    DWORD64 base, DWORD size, DWORD flags)
{
    BOOL deferred = (dbghelp_options & SYMOPT_DEFERRED_LOADS) != 0;
    WCHAR found[MAX_PATH];
    struct module *mod, *old;
    HANDLE opened = INVALID_HANDLE_VALUE;
    BOOL notify, taken;

    /* A module already at this very base: 0 with ERROR_SUCCESS, whatever
     * the image (even a missing one), as native does. */
    if (base)
    {
        AcquireSRWLockShared(&dbghelp_lock);
        taken = modindex_find_base(&pcs->index, base) != NULL;
        ReleaseSRWLockShared(&dbghelp_lock);
        if (taken)
        {
            SetLastError(ERROR_SUCCESS);
            return 0;
        }
    }
    if (flags & SLMFLAG_VIRTUAL)
    {
        if (!(mod = module_new()))
        {
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            return 0;
        }
        mod->kind = MODULE_VIRTUAL;
        mod->flags = flags;
        mod->base = base;
        mod->size = size;
        if (!deferred)
        {
            mod->syms = SYMS_LOADED;
            mod->sym_type = SymVirtual;
        }
        if (!module_set_names(mod, image, image, alias))
        {
            module_release(mod);
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            return 0;
        }
    }
    else
    {
        found[0] = 0;
        if (!file || file == INVALID_HANDLE_VALUE)
        {
            if (!image || !*image ||
                (opened = find_image(pcs, image, base, found, ARRAY_SIZE(found))) == INVALID_HANDLE_VALUE)
            {
                /* No file: the image may still be mapped in a live target. */
                if (base && image && *image && process_is_live(pcs->handle) &&
                    (mod = module_from_memory(pcs, image, alias, base, size, flags)))
                    goto insert;
                /* Microsoft's answer to an image it cannot find. */
                SetLastError(ERROR_NO_MORE_FILES);
                return 0;
            }
            file = opened;
        }
        else
        {
            /* Read through the caller's handle; its file names the module
             * (and is the one a deferred load opens again), unless the
             * name given is a path to the same file.  They differ for a
             * WOW64 process's system DLLs: the debugger is told
             * system32\\ntdll.dll and the handle is syswow64's. */
            WCHAR given[MAX_PATH];

            if (!GetFinalPathNameByHandleW(file, found, ARRAY_SIZE(found), 0)) found[0] = 0;
            else if (!wcsncmp(found, L"\\\\?\\", 4))
                memmove(found, found + 4, (wcslen(found) - 3) * sizeof(WCHAR));
            if (image && GetFullPathNameW(image, ARRAY_SIZE(given), given, NULL) &&
                (!found[0] || !_wcsicmp(given, found)))
                wcscpy(found, given);
        }
        mod = module_from_file(pcs, file, image, found, alias, flags, deferred);
        if (opened != INVALID_HANDLE_VALUE) CloseHandle(opened);
        if (!mod) return 0;
        if (base) mod->base = base;
        if (size) mod->size = size;
        if (!mod->size)
        {
            /* SizeOfImage 0 and no size given: a module no address could
             * ever name, so refuse it rather than lose it. */
            module_release(mod);
            SetLastError(ERROR_BAD_EXE_FORMAT);
            return 0;
        }
    }

insert:
    AcquireSRWLockExclusive(&dbghelp_lock);
    if (pcs->cleaned)
    {
        ReleaseSRWLockExclusive(&dbghelp_lock);
        module_release(mod);
        SetLastError(ERROR_INVALID_HANDLE);
        return 0;
    }
    if ((old = modindex_find(&pcs->index, mod->base)))
    {
        if (!base)
        {
            /* The image's preferred base is taken and no base was given. */
            ReleaseSRWLockExclusive(&dbghelp_lock);
            module_release(mod);
            SetLastError(ERROR_INVALID_ADDRESS);
            return 0;
        }
        if (old->base == mod->base)
        {
            /* Lost a race with another load at this base. */
            ReleaseSRWLockExclusive(&dbghelp_lock);
            module_release(mod);
            SetLastError(ERROR_SUCCESS);
            return 0;
        }
        /* A base strictly inside a module replaces that module. */
        modindex_remove(&pcs->index, old->base);
        old->unloaded = TRUE;
        module_release(old);
    }
    if (modindex_insert(&pcs->index, mod->base, mod->size, mod))
    {
        ReleaseSRWLockExclusive(&dbghelp_lock);
        module_release(mod);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    base = mod->base;
    notify = mod->kind == MODULE_IMAGE && mod->syms != SYMS_DEFERRED &&
             !(mod->flags & SLMFLAG_NO_SYMBOLS);
    if (notify) InterlockedIncrement(&mod->refs);
    ReleaseSRWLockExclusive(&dbghelp_lock);

    if (notify)
    {
        module_notify_symbols(pcs, mod);
        module_release(mod);
    }
    process_debug_info(pcs, L"dbghelp: %s loaded at %I64x, size %I64x (%s)\n", mod->module_name,
                       base, (DWORD64)mod->size, deferred ? L"deferred" : L"symbols loaded");
    SetLastError(ERROR_SUCCESS);
    return base;
}

DWORD64 WINAPI SymLoadModuleExW(HANDLE handle, HANDLE file, PCWSTR image, PCWSTR name,
                                DWORD64 base, DWORD size, PMODLOAD_DATA data, DWORD flags)
{
    struct process *pcs = process_enter(handle);
    DWORD64 ret;

    if (!pcs) return 0;
    ret = module_load(pcs, file, image, name, base, size, flags);
    process_release(pcs);
    return ret;
}

DWORD64 WINAPI SymLoadModuleEx(HANDLE handle, HANDLE file, PCSTR image, PCSTR name,
                               DWORD64 base, DWORD size, PMODLOAD_DATA data, DWORD flags)
{
    WCHAR *imageW = NULL, *nameW = NULL;
    DWORD64 ret = 0;

    if ((image && !(imageW = dbg_strdup_AtoW(image))) || (name && !(nameW = dbg_strdup_AtoW(name))))
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    else
        ret = SymLoadModuleExW(handle, file, imageW, nameW, base, size, data, flags);
    free(imageW);
    free(nameW);
    return ret;
}

DWORD64 WINAPI SymLoadModule64(HANDLE handle, HANDLE file, PCSTR image, PCSTR name,
                               DWORD64 base, DWORD size)
{
    return SymLoadModuleEx(handle, file, image, name, base, size, NULL, 0);
}

DWORD WINAPI SymLoadModule(HANDLE handle, HANDLE file, PCSTR image, PCSTR name, DWORD base,
                           DWORD size)
{
    return (DWORD)SymLoadModuleEx(handle, file, image, name, base, size, NULL, 0);
}

BOOL WINAPI SymUnloadModule64(HANDLE handle, DWORD64 base)
{
    struct process *pcs = process_enter(handle);
    struct module *mod;

    if (!pcs) return FALSE;
    AcquireSRWLockExclusive(&dbghelp_lock);
    /* Any address inside a module names it, as in Wine's builtin. */
    if (!(mod = modindex_find(&pcs->index, base)))
    {
        ReleaseSRWLockExclusive(&dbghelp_lock);
        process_release(pcs);
        SetLastError(ERROR_MOD_NOT_FOUND);
        return FALSE;
    }
    modindex_remove(&pcs->index, mod->base);
    mod->unloaded = TRUE;
    ReleaseSRWLockExclusive(&dbghelp_lock);
    /* No CBA_* action is raised on unload.  The last reference frees the
     * arena: symbols, names and tables in one go. */
    module_release(mod);
    process_release(pcs);
    return TRUE;
}

BOOL WINAPI SymUnloadModule(HANDLE handle, DWORD base)
{
    return SymUnloadModule64(handle, base);
}

/* ---- the modules of a live process ---------------------------------- */

struct refresh_ctx
{
    struct process *pcs;
};

static BOOL refresh_one(const WCHAR *path, DWORD64 base, DWORD size, void *ctx)
{
    struct refresh_ctx *rc = ctx;
    BOOL known;

    AcquireSRWLockShared(&dbghelp_lock);
    known = modindex_find_base(&rc->pcs->index, base) != NULL;
    ReleaseSRWLockShared(&dbghelp_lock);
    if (!known) module_load(rc->pcs, NULL, path, NULL, base, size, 0);
    return TRUE;
}

BOOL module_refresh_list(struct process *pcs)
{
    struct refresh_ctx rc = { pcs };

    return loaded_modules_enum(pcs->handle, refresh_one, &rc);
}
