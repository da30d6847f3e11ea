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
    arena_free_all(&mod->arena);
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

/* ---- reading an image ------------------------------------------------- */

/* The bytes of an open image file, mapped read-only for the load only. */
struct image_map
{
    HANDLE mapping;
    const unsigned char *data;
    struct byte_view view;
};

static BOOL image_map_open(HANDLE file, struct image_map *map)
{
    LARGE_INTEGER size;

    memset(map, 0, sizeof(*map));
    if (!GetFileSizeEx(file, &size) || !size.QuadPart) return FALSE;
    if ((ULONGLONG)size.QuadPart > (SIZE_T)-1) return FALSE;
    if (!(map->mapping = CreateFileMappingW(file, NULL, PAGE_READONLY, 0, 0, NULL))) return FALSE;
    if (!(map->data = MapViewOfFile(map->mapping, FILE_MAP_READ, 0, 0, 0)))
    {
        CloseHandle(map->mapping);
        map->mapping = NULL;
        return FALSE;
    }
    map->view.data = map->data;
    map->view.size = (size_t)size.QuadPart;
    return TRUE;
}

static void image_map_close(struct image_map *map)
{
    if (map->data) UnmapViewOfFile(map->data);
    if (map->mapping) CloseHandle(map->mapping);
    memset(map, 0, sizeof(*map));
}

static HANDLE open_image(const WCHAR *path)
{
    return CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
}

static const WCHAR *file_part(const WCHAR *path)
{
    const WCHAR *p, *start = path;

    for (p = path; *p; p++)
        if (*p == '\\' || *p == '/' || *p == ':') start = p + 1;
    return start;
}

/* Open an image by name: as given, then by its file name along the search
 * path.  On success `found` holds the full path of the opened file. */
static HANDLE find_image(struct process *pcs, const WCHAR *image, WCHAR *found, DWORD found_len)
{
    const WCHAR *name = file_part(image);
    WCHAR *path, *dir, *next, *candidate;
    HANDLE file;
    size_t len;

    if ((file = open_image(image)) != INVALID_HANDLE_VALUE)
    {
        if (!GetFullPathNameW(image, found_len, found, NULL)) lstrcpynW(found, image, found_len);
        return file;
    }
    if (!*name) return INVALID_HANDLE_VALUE;

    AcquireSRWLockShared(&dbghelp_lock);
    path = _wcsdup(pcs->search_path ? pcs->search_path : L"");
    ReleaseSRWLockShared(&dbghelp_lock);
    if (!path) return INVALID_HANDLE_VALUE;
    for (dir = path; dir; dir = next)
    {
        if ((next = wcschr(dir, ';'))) *next++ = 0;
        if (!*dir) continue;
        len = wcslen(dir) + wcslen(name) + 2;
        if (!(candidate = malloc(len * sizeof(WCHAR)))) break;
        wcscpy(candidate, dir);
        if (candidate[wcslen(candidate) - 1] != '\\' && candidate[wcslen(candidate) - 1] != '/')
            wcscat(candidate, L"\\");
        wcscat(candidate, name);
        file = open_image(candidate);
        if (file != INVALID_HANDLE_VALUE)
        {
            if (!GetFullPathNameW(candidate, found_len, found, NULL))
                lstrcpynW(found, candidate, found_len);
            free(candidate);
            free(path);
            return file;
        }
        free(candidate);
    }
    free(path);
    return INVALID_HANDLE_VALUE;
}

/* Fill a module's symbol tables from its mapped image; for now, the export
 * table.  Later readers (COFF, DWARF) plug in here.  Called before the
 * module is published, or under its syms_lock. */
static void module_read_symbols(struct module *mod, const struct pe_image *img,
                                const struct byte_view *view)
{
    struct pe_export *exports;
    uint32_t count;

    mod->timestamp = img->timestamp;
    if (mod->flags & SLMFLAG_NO_SYMBOLS)
    {
        mod->syms = SYMS_LOADED;
        mod->sym_type = SymNone;
        return;
    }
    if (pe_read_exports(img, view, &mod->arena, &exports, &count) != PE_OK)
    {
        mod->syms = SYMS_LOADED;
        mod->sym_type = SymNone;
        return;
    }
    mod->exports = exports;
    mod->nexports = count;
    mod->num_syms = count;
    mod->sym_type = SymExport;
    mod->syms = SYMS_LOADED;
}

static struct module *module_new(void)
{
    static LONG64 next_seq;
    struct module *mod = calloc(1, sizeof(*mod));

    if (!mod) return NULL;
    mod->refs = 1;
    mod->seq = InterlockedIncrement64(&next_seq);
    arena_init(&mod->arena);
    InitializeSRWLock(&mod->syms_lock);
    mod->syms = SYMS_DEFERRED;
    mod->sym_type = SymDeferred;
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
static struct module *module_from_file(HANDLE file, const WCHAR *image, const WCHAR *path,
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
    if (!deferred) module_read_symbols(mod, &img, &map.view);
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
                    module_read_symbols(mod, &img, &map.view);
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
                (opened = find_image(pcs, image, found, ARRAY_SIZE(found))) == INVALID_HANDLE_VALUE)
            {
                /* Microsoft's answer to an image it cannot find. */
                SetLastError(ERROR_NO_MORE_FILES);
                return 0;
            }
            file = opened;
        }
        else if (!image || !GetFullPathNameW(image, ARRAY_SIZE(found), found, NULL))
        {
            /* Read through the caller's handle; its file names the module. */
            if (!GetFinalPathNameByHandleW(file, found, ARRAY_SIZE(found), 0)) found[0] = 0;
            else if (!wcsncmp(found, L"\\\\?\\", 4))
                memmove(found, found + 4, (wcslen(found) - 3) * sizeof(WCHAR));
        }
        mod = module_from_file(file, image, found, alias, flags, deferred);
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
    struct process *pcs = process_get(handle);
    DWORD64 ret;

    if (!pcs)
    {
        SetLastError(ERROR_INVALID_HANDLE);
        return 0;
    }
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
    struct process *pcs = process_get(handle);
    struct module *mod;

    if (!pcs)
    {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
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
