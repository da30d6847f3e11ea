/*
 * loadimages: hostile images through dbghelp, in a real process.  For each
 * file of a directory it loads the file itself and VARIANTS damaged copies
 * of it with SymLoadModuleExW (symbols read at load, lines on), asks
 * SymEnumSymbolsW, SymFromAddrW and SymGetLineFromAddrW64 about it, and
 * unloads it.  The copies are made in the same way on every run:
 *   - truncated at 1/8 .. 7/8 of the file;
 *   - 64 bytes flipped in the second half (seeded by the variant number);
 *   - every .debug_* section header given a VirtualSize of 0x7f000000;
 *   - 16 random 32-bit words of the section headers overwritten;
 *   - 256 bytes flipped inside the .debug_* sections.
 *
 *   loadimages.exe [--variants N] [--from K] DIR
 *
 * Prints "dbghelp: KIND PATH" first (which DLL the loader bound), one line
 * per load, and a summary "loadimages: N loads, L loaded, R refused".  A
 * crash inside dbghelp is caught by the unhandled-exception filter, which
 * prints "loadimages: CRASH at load K ..." and exits with status 3, so a
 * script can go on from K + 1 with --from (how tools/fuzz/hostile.test runs
 * Wine's builtin, which does crash).  Exit 0 when every load returned.
 */
#include <windows.h>
#include <dbghelp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "../symtools.h"

#define LOAD_HANDLE ((HANDLE)(ULONG_PTR)0x10ad1e55)
#define LOAD_BASE 0x10000000ULL
#define VARIANT_KINDS 11 /* 7 truncations + flips + vsize + headers + debug flips */

static unsigned current = 0;
static char current_name[MAX_PATH * 3];

static LONG WINAPI on_crash(EXCEPTION_POINTERS *ep)
{
    printf("loadimages: CRASH at load %u (%s): exception 0x%08lx at %p\n", current, current_name,
           ep->ExceptionRecord->ExceptionCode, ep->ExceptionRecord->ExceptionAddress);
    fflush(stdout);
    ExitProcess(3);
    return EXCEPTION_EXECUTE_HANDLER;
}

static ULONGLONG rng_state;

static DWORD rnd(void)
{
    return (DWORD)(st_rng(&rng_state) >> 33);
}

/* The section headers of a PE file: their offset and count, or 0. */
static DWORD section_table(const BYTE *d, DWORD size, DWORD *count)
{
    DWORD nt, opt;

    *count = 0;
    if (size < 0x40 || d[0] != 'M' || d[1] != 'Z') return 0;
    nt = st_u32(d + 0x3c);
    if (nt > size || size - nt < 24) return 0;
    opt = st_u16(d + nt + 20);
    if (nt + 24 + opt > size) return 0;
    *count = st_u16(d + nt + 6);
    if (*count > (size - nt - 24 - opt) / 40) *count = (size - nt - 24 - opt) / 40;
    return nt + 24 + opt;
}

/* The name of section i, "/NNN" long names resolved from the string table. */
static void section_name(const BYTE *d, DWORD size, DWORD hdr, char *out, size_t len)
{
    DWORD nt = st_u32(d + 0x3c), symtab = st_u32(d + nt + 12), nsyms = st_u32(d + nt + 16);
    char shortname[9];

    memcpy(shortname, d + hdr, 8);
    shortname[8] = 0;
    snprintf(out, len, "%s", shortname);
    if (shortname[0] == '/' && symtab && nsyms < 0x10000000 && symtab < size)
    {
        DWORD strtab = symtab + nsyms * 18, off = (DWORD)strtoul(shortname + 1, NULL, 10), i;

        if (strtab < size && off < size - strtab)
        {
            for (i = 0; i + 1 < len && strtab + off + i < size && d[strtab + off + i]; i++)
                out[i] = (char)d[strtab + off + i];
            out[i] = 0;
        }
    }
}

/* Variant v (1-based) of the file into out; its size. */
static DWORD make_variant(const BYTE *d, DWORD size, unsigned v, BYTE *out, const char **what)
{
    DWORD n = size, table, count, i, j;
    char name[64];

    memcpy(out, d, size);
    rng_state = 0x9e3779b97f4a7c15ULL * v + size;
    table = section_table(d, size, &count);
    if (v <= 7)
    {
        *what = "truncated";
        return (DWORD)((ULONGLONG)size * v / 8);
    }
    switch (v)
    {
    case 8:
        *what = "bytes flipped";
        for (i = 0; i < 64 && size > 2; i++) out[size / 2 + rnd() % (size - size / 2)] ^= (BYTE)(1 + rnd() % 255);
        break;
    case 9:
        *what = "huge VirtualSize of .debug_*";
        for (i = 0; i < count; i++)
        {
            section_name(d, size, table + i * 40, name, sizeof(name));
            if (!strncmp(name, ".debug_", 7)) memcpy(out + table + i * 40 + 8, "\0\0\0\x7f", 4);
        }
        break;
    case 10:
        *what = "section headers overwritten";
        for (i = 0; i < 16 && count; i++)
        {
            DWORD w = rnd();

            memcpy(out + table + (rnd() % (count * 10)) * 4, &w, 4);
        }
        break;
    default:
        *what = "debug sections damaged";
        for (i = 0; i < count; i++)
        {
            DWORD off, len;

            section_name(d, size, table + i * 40, name, sizeof(name));
            if (strncmp(name, ".debug_", 7)) continue;
            len = st_u32(d + table + i * 40 + 16);
            off = st_u32(d + table + i * 40 + 20);
            if (off >= size || !len) continue;
            if (len > size - off) len = size - off;
            for (j = 0; j < 256 / (count ? count : 1) + 8; j++) out[off + rnd() % len] ^= (BYTE)(1 + rnd() % 255);
        }
        break;
    }
    return n;
}

static BOOL CALLBACK count_sym(PSYMBOL_INFOW si, ULONG size, PVOID ctx)
{
    (void)si; (void)size;
    ++*(unsigned *)ctx;
    return TRUE;
}

/* One load: 1 loaded, 0 refused. */
static int load_one(const WCHAR *path, unsigned *nsyms)
{
    BYTE buf[sizeof(SYMBOL_INFOW) + 256 * sizeof(WCHAR)];
    SYMBOL_INFOW *si = (SYMBOL_INFOW *)buf;
    IMAGEHLP_LINEW64 line;
    DWORD64 base, disp, off;
    DWORD ldisp;
    unsigned i;

    *nsyms = 0;
    base = SymLoadModuleExW(LOAD_HANDLE, NULL, path, NULL, LOAD_BASE, 0, NULL, 0);
    if (!base) return 0;
    SymEnumSymbolsW(LOAD_HANDLE, base, L"*", count_sym, nsyms);
    for (i = 0, off = 0x1000; i < 16; i++, off += 0x1234)
    {
        memset(buf, 0, sizeof(buf));
        si->SizeOfStruct = sizeof(*si);
        si->MaxNameLen = 256;
        SymFromAddrW(LOAD_HANDLE, base + off, &disp, si);
        memset(&line, 0, sizeof(line));
        line.SizeOfStruct = sizeof(line);
        SymGetLineFromAddrW64(LOAD_HANDLE, base + off, &ldisp, &line);
    }
    SymUnloadModule64(LOAD_HANDLE, base);
    return 1;
}

int main(int argc, char **argv)
{
    unsigned variants = VARIANT_KINDS, from = 0, loaded = 0, refused = 0, v;
    const char *dir = NULL;
    char kind_path[MAX_PATH], pattern[MAX_PATH + 4];
    WCHAR tmpdir[MAX_PATH], tmpfile[MAX_PATH];
    WIN32_FIND_DATAA fd;
    HANDLE find;
    int i;

    for (i = 1; i < argc; i++)
    {
        if (!strcmp(argv[i], "--variants") && i + 1 < argc) variants = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "--from") && i + 1 < argc) from = (unsigned)atoi(argv[++i]);
        else dir = argv[i];
    }
    if (!dir)
    {
        fprintf(stderr, "usage: loadimages.exe [--variants N] [--from K] DIR\n");
        return 2;
    }
    if (variants > VARIANT_KINDS) variants = VARIANT_KINDS;
    printf("dbghelp: %s ", loaded_dbghelp(kind_path, sizeof(kind_path)));
    printf("%s\n", kind_path);
    fflush(stdout);
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
    SetUnhandledExceptionFilter(on_crash);
    SymSetOptions((SymGetOptions() & ~SYMOPT_DEFERRED_LOADS) | SYMOPT_LOAD_LINES);
    if (!SymInitializeW(LOAD_HANDLE, NULL, FALSE))
    {
        printf("loadimages: SymInitializeW failed, error %lu\n", GetLastError());
        return 1;
    }
    GetTempPathW(MAX_PATH, tmpdir);
    swprintf(tmpfile, MAX_PATH, L"%lsloadimages-%lu.dll", tmpdir, GetCurrentProcessId());
    snprintf(pattern, sizeof(pattern), "%s\\*", dir);
    find = FindFirstFileA(pattern, &fd);
    if (find == INVALID_HANDLE_VALUE)
    {
        printf("loadimages: no files in %s\n", dir);
        return 1;
    }
    do
    {
        char path[MAX_PATH * 2];
        BYTE *data = NULL, *copy = NULL;
        DWORD size = 0, got = 0;
        HANDLE f;

        if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) continue;
        snprintf(path, sizeof(path), "%s\\%s", dir, fd.cFileName);
        f = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
        if (f == INVALID_HANDLE_VALUE) continue;
        size = GetFileSize(f, NULL);
        if (size != INVALID_FILE_SIZE && (data = malloc(size + 1)) && (copy = malloc(size + 1)))
            ReadFile(f, data, size, &got, NULL);
        CloseHandle(f);
        if (!data || !copy || got != size)
        {
            free(data);
            free(copy);
            continue;
        }
        for (v = 0; v <= variants; v++, current++)
        {
            const char *what = "as is";
            DWORD n = v ? make_variant(data, size, v, copy, &what) : size, written = 0;
            unsigned nsyms;
            HANDLE out;

            if (current < from) continue;
            snprintf(current_name, sizeof(current_name), "%s, %s", fd.cFileName, what);
            out = CreateFileW(tmpfile, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
            if (out == INVALID_HANDLE_VALUE) break;
            WriteFile(out, v ? copy : data, n, &written, NULL);
            CloseHandle(out);
            if (load_one(tmpfile, &nsyms))
            {
                loaded++;
                printf("%u %s: loaded, %u symbols\n", current, current_name, nsyms);
            }
            else
            {
                refused++;
                printf("%u %s: refused, error %lu\n", current, current_name, GetLastError());
            }
            fflush(stdout);
            if (!DeleteFileW(tmpfile)) printf("loadimages: %s: file still in use after the load\n", current_name);
        }
        free(data);
        free(copy);
    } while (FindNextFileA(find, &fd));
    FindClose(find);
    SymCleanup(LOAD_HANDLE);
    printf("loadimages: %u loads, %u loaded, %u refused\n", loaded + refused, loaded, refused);
    return 0;
}
