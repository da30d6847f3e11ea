/*
 * line.c: source lines over the fixsym fixture: SymGetLineFromAddr64/W64 and
 * the 32-bit form, SymGetLineNext64/Prev64 (+W64), SymGetLineFromName64(W64),
 * SymEnumLines, SymEnumSourceFiles(W), the inline-frame functions
 * (SymAddrIncludeInlineTrace, SymQueryInlineTrace, SymFromInlineContext(W),
 * SymGetLineFromInlineContext(W)), SymSetContext and SymSetScopeFromAddr.
 *
 * Expected lines come from the fixture (__LINE__ values recorded by
 * fixsym_collect).  SymGetLineFromAddr64 reports the line in the function
 * that physically holds the address: for inlined code, the line of the
 * inlined call; when several rows share an address the last one applies, as
 * in addr2line.  The inline-context functions reach the inlined callee.
 *
 * Microsoft's dbghelp reads no DWARF: every check here needs it, so the area
 * is skipped on Windows.  Wine 8.0's builtin reads DWARF 4 only and gets the
 * line of inlined code and of shared-address rows wrong (todo_wine).
 */
#include <stdio.h>
#include <string.h>
#include "wtest.h"
#include "wtest_dbghelp.h"
#include "fixsym_util.h"

#define LINE_HANDLE    ((HANDLE)(ULONG_PTR)0x5e1f0002)
#define UNKNOWN_HANDLE ((HANDLE)(ULONG_PTR)0x5e1f0bad)
#define NO_MODULE_ADDR ((DWORD64)0x7e000000)
#define LAUNDER(p) __asm__("" : "+r"(p))
#define INLINE_CONTEXT_IGNORE 0xffffffff  /* INLINE_FRAME_CONTEXT_IGNORE in dbghelp.h */

#define DECLARE(f) static __typeof__(f) *p##f
#define RESOLVE(f) (p##f = (void *)fixsym_proc(#f))
DECLARE(SymGetLineFromAddr64);
DECLARE(SymGetLineFromAddrW64);
DECLARE(SymGetLineNext64);
DECLARE(SymGetLinePrev64);
DECLARE(SymGetLineNextW64);
DECLARE(SymGetLinePrevW64);
DECLARE(SymGetLineFromName64);
DECLARE(SymGetLineFromNameW64);
DECLARE(SymEnumLines);
DECLARE(SymEnumSourceFiles);
DECLARE(SymEnumSourceFilesW);
DECLARE(SymSetContext);
DECLARE(SymFromAddr);
DECLARE(SymEnumSymbols);
static BOOL (WINAPI *pSymGetLineFromAddr)(HANDLE, DWORD, PDWORD, struct line32 *);
static SymEnumLinesW_fn pSymEnumLinesW;
static SymSetScopeFromAddr_fn pSymSetScopeFromAddr;
static SymAddrIncludeInlineTrace_fn pSymAddrIncludeInlineTrace;
static SymQueryInlineTrace_fn pSymQueryInlineTrace;
static SymFromInlineContext_fn pSymFromInlineContext;
static SymFromInlineContextW_fn pSymFromInlineContextW;
static SymGetLineFromInlineContext_fn pSymGetLineFromInlineContext;
static SymGetLineFromInlineContextW_fn pSymGetLineFromInlineContextW;

static IMAGEHLP_LINE64 *line_init(IMAGEHLP_LINE64 *l)
{
    memset(l, 0xcc, sizeof(*l));
    l->SizeOfStruct = sizeof(*l);
    return l;
}

static IMAGEHLP_LINEW64 *lineW_init(IMAGEHLP_LINEW64 *l)
{
    memset(l, 0xcc, sizeof(*l));
    l->SizeOfStruct = sizeof(*l);
    return l;
}

/* The line SymGetLineFromAddr64 must report for a marker. */
static int expected_line(const struct fixsym_variant *v, enum fixsym_mark_id m)
{
    return m == FIXSYM_MARK_INLINE ? v->info.inline_call_line : v->info.mark[m].line;
}

/* Where Wine 8.0's builtin is known to answer wrongly. */
static BOOL wine_line_gap(const struct fixsym_variant *v, enum fixsym_mark_id m)
{
    if (!fixsym_wine_reads(v)) return TRUE;
    if (m == FIXSYM_MARK_INLINE) return TRUE;                    /* line of the callee's declaration */
    /* first of the rows at one address (the 32-bit builtin: at -O2 too) */
    if (m == FIXSYM_MARK_DUP && (!v->optimised || WTEST_32BIT)) return TRUE;
    if (m == FIXSYM_MARK_AFTER_INLINE && v->optimised) return TRUE;
    return FALSE;
}

static void check_line(const struct fixsym_variant *v, DWORD rva, int line, BOOL wine_gap,
                       const char *what)
{
    IMAGEHLP_LINE64 l;
    DWORD disp = 0xdeadbeef;
    DWORD64 addr = v->base + rva;
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = pSymGetLineFromAddr64(LINE_HANDLE, addr, &disp, line_init(&l));
    if (!fixsym_has_debug(v))
    {
        ok(!ret, "%s %s: line %lu without debug information\n", v->name, what, l.LineNumber);
        return;
    }
    todo_wine_if(wine_gap)
    ok(ret && l.LineNumber == (DWORD)line, "%s %s: ret %d (error %lu) line %lu, expected %d\n",
       v->name, what, ret, ret ? 0 : GetLastError(), ret ? l.LineNumber : 0, line);
    if (!ret) return;
    ok(l.FileName && fixsym_ends_with(l.FileName, "fixsym.c"), "%s %s: file %s\n", v->name, what,
       l.FileName);
    ok(l.Address <= addr && disp == addr - l.Address,
       "%s %s: row address %#I64x, displacement %#lx for %#I64x\n", v->name, what, l.Address, disp,
       addr);
    ok(l.SizeOfStruct == sizeof(l), "%s %s: SizeOfStruct %lu\n", v->name, what, l.SizeOfStruct);
}

static void test_SymGetLineFromAddr64(void)
{
    IMAGEHLP_LINE64 l;
    const char *first_file = NULL;
    DWORD disp;
    BOOL ret;
    int i, j;

    fixsym_init(LINE_HANDLE, SYMOPT_UNDNAME | SYMOPT_LOAD_LINES);
    for (i = 0; i < FIXSYM_VARIANTS; i++)
    {
        const struct fixsym_variant *v = &fixsym_variants[i];
        char what[48];

        if (!v->ready) continue;
        for (j = 0; j < FIXSYM_MARK_COUNT; j++)
        {
            snprintf(what, sizeof(what), "mark %d", j);
            check_line(v, v->info.mark[j].rva, expected_line(v, j), wine_line_gap(v, j), what);
        }
        for (j = 0; j < FIXSYM_FUNC_COUNT; j++)
        {
            int line = v->info.func[j].line;

            /* clang -O1 for i386 starts fixsym_dup and fixsym_seq (no
             * prologue) with their first statement's row: the PDB says
             * so, and llvm-symbolizer reads the same. */
            if (v->kind == FIXSYM_PDB && v->optimised && WTEST_32BIT &&
                (j == FIXSYM_FUNC_DUP || j == FIXSYM_FUNC_SEQ))
                line++;
            snprintf(what, sizeof(what), "entry of %s", fixsym_func_names[j]);
            check_line(v, v->info.func[j].rva, line, !fixsym_wine_reads(v), what);
        }
    }

    /* The file name stays valid until the module is unloaded. */
    {
        const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
        if (v)
        {
            ret = pSymGetLineFromAddr64(LINE_HANDLE, v->base + v->info.mark[0].rva, &disp,
                                        line_init(&l));
            if (ret) first_file = l.FileName;
            for (i = 1; i < FIXSYM_MARK_COUNT; i++)
                pSymGetLineFromAddr64(LINE_HANDLE, v->base + v->info.mark[i].rva, &disp,
                                      line_init(&l));
            ok(first_file && fixsym_ends_with(first_file, "fixsym.c"),
               "file name pointer no longer valid\n");

            /* In the image but in no function: no line. */
            SetLastError(0xdeadbeef);
            ret = pSymGetLineFromAddr64(LINE_HANDLE, v->base + 0x10, &disp, line_init(&l));
            ok(!ret, "header address: line %lu\n", l.LineNumber);
        }
    }

    SetLastError(0xdeadbeef);
    ret = pSymGetLineFromAddr64(LINE_HANDLE, NO_MODULE_ADDR, &disp, line_init(&l));
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND, "no module: ret %d error %lu\n", ret,
       GetLastError());
    SymCleanup(LINE_HANDLE);
    SetLastError(0xdeadbeef);
    ret = pSymGetLineFromAddr64(UNKNOWN_HANDLE, 0x30001000, &disp, line_init(&l));
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "unknown handle: ret %d error %lu\n", ret,
       GetLastError());

    /* Without SYMOPT_LOAD_LINES no line is loaded. */
    {
        const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
        if (v)
        {
            fixsym_init(LINE_HANDLE, SYMOPT_UNDNAME);
            SetLastError(0xdeadbeef);
            ret = pSymGetLineFromAddr64(LINE_HANDLE, v->base + v->info.mark[0].rva, &disp,
                                        line_init(&l));
            ok(!ret, "no SYMOPT_LOAD_LINES: line %lu\n", l.LineNumber);
            SymCleanup(LINE_HANDLE);
        }
    }
}

static void test_SymGetLineFromAddrW64(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o2");
    IMAGEHLP_LINEW64 l;
    DWORD disp = 0;
    BOOL ret;

    RESOLVE(SymGetLineFromAddrW64);
    if (!pSymGetLineFromAddrW64 || !v) return;
    fixsym_init(LINE_HANDLE, SYMOPT_UNDNAME | SYMOPT_LOAD_LINES);
    ret = pSymGetLineFromAddrW64(LINE_HANDLE, v->base + v->info.mark[FIXSYM_MARK_SEQ2].rva, &disp,
                                 lineW_init(&l));
    ok(ret && l.LineNumber == (DWORD)v->info.mark[FIXSYM_MARK_SEQ2].line
       && fixsym_ends_withW(l.FileName, "fixsym.c"),
       "ret %d error %lu line %lu\n", ret, GetLastError(), ret ? l.LineNumber : 0);
    SetLastError(0xdeadbeef);
    ret = pSymGetLineFromAddrW64(LINE_HANDLE, NO_MODULE_ADDR, &disp, lineW_init(&l));
    ok(!ret && GetLastError() == ERROR_MOD_NOT_FOUND, "no module: ret %d error %lu\n", ret,
       GetLastError());
    SymCleanup(LINE_HANDLE);
}

static void test_SymGetLineFromAddr(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
    struct line32 l;
    DWORD disp = 0, addr;
    BOOL ret;

    pSymGetLineFromAddr = (void *)fixsym_proc("SymGetLineFromAddr");
    if (!pSymGetLineFromAddr || !v) return;
    fixsym_init(LINE_HANDLE, SYMOPT_UNDNAME | SYMOPT_LOAD_LINES);
    addr = (DWORD)(v->base + v->info.mark[FIXSYM_MARK_ADD].rva);
    memset(&l, 0xcc, sizeof(l));
    l.SizeOfStruct = sizeof(l);
    ret = pSymGetLineFromAddr(LINE_HANDLE, addr, &disp, &l);
    ok(ret && l.LineNumber == (DWORD)v->info.mark[FIXSYM_MARK_ADD].line
       && fixsym_ends_with(l.FileName, "fixsym.c") && l.Address <= addr
       && disp == addr - l.Address,
       "ret %d error %lu line %lu\n", ret, GetLastError(), ret ? l.LineNumber : 0);
    SymCleanup(LINE_HANDLE);
}

/* Next and Prev walk the rows of -O0 code, one statement per line. */
static void test_SymGetLineNext64(void)
{
    static const char *const names[] = { "fixsym_d4o0", "fixsym_d5o0", "fixsym_side" };
    IMAGEHLP_LINE64 l, start;
    DWORD disp;
    BOOL ret;
    int i;

    RESOLVE(SymGetLineNext64);
    RESOLVE(SymGetLinePrev64);
    RESOLVE(SymGetLineNextW64);
    RESOLVE(SymGetLinePrevW64);
    if (!pSymGetLineNext64 || !pSymGetLinePrev64) return;
    fixsym_init(LINE_HANDLE, SYMOPT_UNDNAME | SYMOPT_LOAD_LINES);
    for (i = 0; i < (int)ARRAY_SIZE(names); i++)
    {
        const struct fixsym_variant *v = fixsym_find(names[i]);
        const struct fixsym_loc *m;
        BOOL gap;

        if (!v) continue;
        m = v->info.mark;
        gap = !fixsym_wine_reads(v);
        ret = pSymGetLineFromAddr64(LINE_HANDLE, v->base + m[FIXSYM_MARK_SEQ1].rva, &disp,
                                    line_init(&start));
        todo_wine_if(gap)
        ok(ret && start.LineNumber == (DWORD)m[FIXSYM_MARK_SEQ1].line, "%s: start: ret %d line %lu\n",
           v->name, ret, start.LineNumber);
        if (!ret) continue;
        l = start;
        ret = pSymGetLineNext64(LINE_HANDLE, &l);
        ok(ret && l.LineNumber == (DWORD)m[FIXSYM_MARK_SEQ2].line && l.Address > start.Address
           && l.Address <= v->base + m[FIXSYM_MARK_SEQ2].rva && fixsym_ends_with(l.FileName, "fixsym.c"),
           "%s: next: ret %d error %lu line %lu address %#I64x\n", v->name, ret, GetLastError(),
           l.LineNumber, l.Address);
        ret = pSymGetLineNext64(LINE_HANDLE, &l);
        ok(ret && l.LineNumber == (DWORD)m[FIXSYM_MARK_SEQ3].line,
           "%s: next again: ret %d line %lu\n", v->name, ret, l.LineNumber);
        ret = pSymGetLinePrev64(LINE_HANDLE, &l);
        ok(ret && l.LineNumber == (DWORD)m[FIXSYM_MARK_SEQ2].line, "%s: prev: ret %d line %lu\n",
           v->name, ret, l.LineNumber);
        ret = pSymGetLinePrev64(LINE_HANDLE, &l);
        ok(ret && l.LineNumber == start.LineNumber && l.Address == start.Address,
           "%s: back at the start: ret %d line %lu address %#I64x\n", v->name, ret, l.LineNumber,
           l.Address);

        if (pSymGetLineNextW64 && pSymGetLinePrevW64)
        {
            IMAGEHLP_LINEW64 lw;

            pSymGetLineFromAddrW64 = (void *)wtest_dbghelp_proc("SymGetLineFromAddrW64");
            if (!pSymGetLineFromAddrW64) continue;
            ret = pSymGetLineFromAddrW64(LINE_HANDLE, v->base + m[FIXSYM_MARK_SEQ2].rva, &disp,
                                         lineW_init(&lw));
            ret = ret && pSymGetLineNextW64(LINE_HANDLE, &lw);
            ok(ret && lw.LineNumber == (DWORD)m[FIXSYM_MARK_SEQ3].line, "%s: W next: ret %d line %lu\n",
               v->name, ret, lw.LineNumber);
            ret = pSymGetLinePrevW64(LINE_HANDLE, &lw);
            ok(ret && lw.LineNumber == (DWORD)m[FIXSYM_MARK_SEQ2].line, "%s: W prev: ret %d line %lu\n",
               v->name, ret, lw.LineNumber);
        }
    }
    /* A row in no module. */
    line_init(&l);
    l.Address = NO_MODULE_ADDR;
    SetLastError(0xdeadbeef);
    ret = pSymGetLineNext64(LINE_HANDLE, &l);
    ok(!ret, "next in no module succeeded\n");
    SymCleanup(LINE_HANDLE);
    line_init(&l);
    l.Address = 0x30001000;
    SetLastError(0xdeadbeef);
    ret = pSymGetLineNext64(UNKNOWN_HANDLE, &l);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "unknown handle: ret %d error %lu\n", ret,
       GetLastError());
}

static void test_SymGetLineFromName64(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
    IMAGEHLP_LINE64 l, byaddr;
    IMAGEHLP_LINEW64 lw;
    LONG disp = -1;
    DWORD d;
    BOOL ret;
    int line;

    RESOLVE(SymGetLineFromName64);
    RESOLVE(SymGetLineFromNameW64);
    if (!pSymGetLineFromName64 || !v) return;
    fixsym_init(LINE_HANDLE, SYMOPT_UNDNAME | SYMOPT_LOAD_LINES);
    line = v->info.mark[FIXSYM_MARK_SEQ2].line;
    ret = pSymGetLineFromAddr64(LINE_HANDLE, v->base + v->info.mark[FIXSYM_MARK_SEQ2].rva, &d,
                                line_init(&byaddr));
    ok(ret, "by address: error %lu\n", GetLastError());
    ret = pSymGetLineFromName64(LINE_HANDLE, "fixsym_d4o0", "fixsym.c", line, &disp, line_init(&l));
    todo_wine
    ok(ret && l.LineNumber == (DWORD)line && l.Address == byaddr.Address && disp == 0
       && fixsym_ends_with(l.FileName, "fixsym.c"),
       "ret %d error %lu line %lu address %#I64x (expected %#I64x) disp %ld\n", ret, GetLastError(),
       ret ? l.LineNumber : 0, ret ? l.Address : 0, byaddr.Address, disp);
    if (pSymGetLineFromNameW64)
    {
        ret = pSymGetLineFromNameW64(LINE_HANDLE, L"fixsym_d4o0", L"fixsym.c", line, &disp,
                                     lineW_init(&lw));
        todo_wine
        ok(ret && lw.LineNumber == (DWORD)line && lw.Address == byaddr.Address,
           "W: ret %d error %lu line %lu\n", ret, GetLastError(), ret ? lw.LineNumber : 0);
    }
    /* A line with no code, and a file the module does not have. */
    SetLastError(0xdeadbeef);
    ret = pSymGetLineFromName64(LINE_HANDLE, "fixsym_d4o0", "no_such_file.c", line, &disp,
                                line_init(&l));
    ok(!ret, "unknown file found\n");
    SymCleanup(LINE_HANDLE);
}

struct lines_log
{
    int count;
    BOOL bad_file;
    int lines[4096];
    DWORD64 addrs[4096];
};
static struct lines_log lines_log;

static BOOL CALLBACK lines_cb(PSRCCODEINFO info, PVOID ctx)
{
    struct lines_log *log = ctx;

    if (!fixsym_ends_with(info->FileName, "fixsym.c")) return TRUE;
    if (log->count < (int)ARRAY_SIZE(log->lines))
    {
        log->lines[log->count] = info->LineNumber;
        log->addrs[log->count] = info->Address;
    }
    log->count++;
    return TRUE;
}

static BOOL CALLBACK linesW_cb(PSRCCODEINFOW info, PVOID ctx)
{
    struct lines_log *log = ctx;

    if (!fixsym_ends_withW(info->FileName, "fixsym.c")) return TRUE;
    log->count++;
    return TRUE;
}

static BOOL lines_has(const struct lines_log *log, int line, DWORD64 max_addr)
{
    int i;

    for (i = 0; i < log->count && i < (int)ARRAY_SIZE(log->lines); i++)
        if (log->lines[i] == line && log->addrs[i] <= max_addr) return TRUE;
    return FALSE;
}

static void test_SymEnumLines(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
    BOOL ret;
    int j;

    RESOLVE(SymEnumLines);
    if (!pSymEnumLines || !v) return;
    fixsym_init(LINE_HANDLE, SYMOPT_UNDNAME | SYMOPT_LOAD_LINES);
    memset(&lines_log, 0, sizeof(lines_log));
    ret = pSymEnumLines(LINE_HANDLE, v->base, NULL, NULL, lines_cb, &lines_log);
    ok(ret && lines_log.count > FIXSYM_MARK_COUNT, "ret %d error %lu count %d\n", ret,
       GetLastError(), lines_log.count);
    for (j = 0; j < FIXSYM_MARK_COUNT; j++)
        if (j != FIXSYM_MARK_INLINE)
            todo_wine_if(j == FIXSYM_MARK_DUP) /* Wine lists one row per address */
            ok(lines_has(&lines_log, v->info.mark[j].line, v->base + v->info.mark[j].rva),
               "line %d of mark %d not listed\n", v->info.mark[j].line, j);
    /* Filtered by file. */
    memset(&lines_log, 0, sizeof(lines_log));
    ret = pSymEnumLines(LINE_HANDLE, v->base, NULL, "*fixsym.c", lines_cb, &lines_log);
    ok(ret && lines_log.count > FIXSYM_MARK_COUNT, "by file: ret %d count %d\n", ret,
       lines_log.count);
    memset(&lines_log, 0, sizeof(lines_log));
    ret = pSymEnumLines(LINE_HANDLE, v->base, NULL, "no_such_file.c", lines_cb, &lines_log);
    ok(lines_log.count == 0, "other file: ret %d count %d\n", ret, lines_log.count);

    pSymEnumLinesW = (void *)fixsym_proc("SymEnumLinesW");
    if (pSymEnumLinesW)
    {
        memset(&lines_log, 0, sizeof(lines_log));
        ret = pSymEnumLinesW(LINE_HANDLE, v->base, NULL, NULL, linesW_cb, &lines_log);
        ok(ret && lines_log.count > FIXSYM_MARK_COUNT, "W: ret %d count %d\n", ret, lines_log.count);
    }
    SetLastError(0xdeadbeef);
    ret = pSymEnumLines(UNKNOWN_HANDLE, v->base, NULL, NULL, lines_cb, &lines_log);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "unknown handle: ret %d error %lu\n", ret,
       GetLastError());
    SymCleanup(LINE_HANDLE);
}

/* SymEnumSourceLines: the rows of one line of one file (Microsoft's
 * documentation: Line 0 lists every line; ESLFLAG_NEAREST takes the
 * closest line when none has the number). */
static void test_SymEnumSourceLines(void)
{
    typedef BOOL (WINAPI *enum_src_lines_func)(HANDLE, ULONG64, PCSTR, PCSTR, DWORD, DWORD,
                                               PSYM_ENUMLINES_CALLBACK, PVOID);
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
    enum_src_lines_func pSymEnumSourceLines = (void *)fixsym_proc("SymEnumSourceLines");
    int line, i, j, all;
    BOOL ret, same;

    if (!pSymEnumSourceLines || !v) return;
    fixsym_init(LINE_HANDLE, SYMOPT_UNDNAME | SYMOPT_LOAD_LINES);
    for (j = 0; j < FIXSYM_MARK_COUNT; j++)
    {
        if (j == FIXSYM_MARK_INLINE) continue;
        line = v->info.mark[j].line;
        memset(&lines_log, 0, sizeof(lines_log));
        ret = pSymEnumSourceLines(LINE_HANDLE, v->base, NULL, "fixsym.c", line, 0, lines_cb,
                                  &lines_log);
        for (i = 0, same = TRUE; i < lines_log.count && i < (int)ARRAY_SIZE(lines_log.lines); i++)
            if (lines_log.lines[i] != line) same = FALSE;
        todo_wine ok(ret && lines_log.count >= 1 && same &&
                     lines_has(&lines_log, line, v->base + v->info.mark[j].rva),
                     "mark %d line %d: ret %d, %d rows, one line %d\n", j, line, ret,
                     lines_log.count, same);
    }
    /* Line 0: every row of the file. */
    memset(&lines_log, 0, sizeof(lines_log));
    ret = pSymEnumSourceLines(LINE_HANDLE, v->base, NULL, "fixsym.c", 0, 0, lines_cb, &lines_log);
    all = lines_log.count;
    todo_wine ok(ret && all > FIXSYM_MARK_COUNT, "line 0: ret %d, %d rows\n", ret, all);
    /* A line with no code: nothing, or with ESLFLAG_NEAREST a neighbour. */
    memset(&lines_log, 0, sizeof(lines_log));
    pSymEnumSourceLines(LINE_HANDLE, v->base, NULL, "fixsym.c", 100000, 0, lines_cb, &lines_log);
    ok(lines_log.count == 0, "line 100000: %d rows\n", lines_log.count);
    memset(&lines_log, 0, sizeof(lines_log));
    pSymEnumSourceLines(LINE_HANDLE, v->base, NULL, "fixsym.c", 100000, ESLFLAG_NEAREST, lines_cb,
                        &lines_log);
    todo_wine ok(lines_log.count >= 1 && lines_log.count < all, "nearest: %d rows\n",
                 lines_log.count);
    SymCleanup(LINE_HANDLE);
}

struct files_log
{
    int count, fixsym;
    DWORD64 modbase;
};

static BOOL CALLBACK files_cb(PSOURCEFILE file, PVOID ctx)
{
    struct files_log *log = ctx;
    log->count++;
    if (fixsym_ends_with(file->FileName, "fixsym.c")) log->fixsym++;
    log->modbase = file->ModBase;
    return TRUE;
}

static BOOL CALLBACK filesW_cb(PSOURCEFILEW file, PVOID ctx)
{
    struct files_log *log = ctx;
    log->count++;
    if (fixsym_ends_withW(file->FileName, "fixsym.c")) log->fixsym++;
    log->modbase = file->ModBase;
    return TRUE;
}

static void test_SymEnumSourceFiles(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o2");
    struct files_log log;
    BOOL ret;

    RESOLVE(SymEnumSourceFiles);
    RESOLVE(SymEnumSourceFilesW);
    if (!pSymEnumSourceFiles || !v) return;
    fixsym_init(LINE_HANDLE, SYMOPT_UNDNAME | SYMOPT_LOAD_LINES);
    memset(&log, 0, sizeof(log));
    ret = pSymEnumSourceFiles(LINE_HANDLE, v->base, NULL, files_cb, &log);
    ok(ret && log.fixsym == 1 && log.modbase == v->base, "ret %d error %lu count %d fixsym %d\n",
       ret, GetLastError(), log.count, log.fixsym);
    memset(&log, 0, sizeof(log));
    ret = pSymEnumSourceFiles(LINE_HANDLE, v->base, "*fixsym.c", files_cb, &log);
    ok(ret && log.fixsym == 1, "mask: ret %d fixsym %d\n", ret, log.fixsym);
    todo_wine /* Wine 8.0 ignores the mask */
    ok(log.count == 1, "mask: %d files\n", log.count);
    if (pSymEnumSourceFilesW)
    {
        memset(&log, 0, sizeof(log));
        ret = pSymEnumSourceFilesW(LINE_HANDLE, v->base, L"*fixsym.c", filesW_cb, &log);
        ok(ret && log.fixsym == 1, "W: ret %d fixsym %d\n", ret, log.fixsym);
        todo_wine
        ok(log.count == 1, "W mask: %d files\n", log.count);
    }
    SetLastError(0xdeadbeef);
    ret = pSymEnumSourceFiles(UNKNOWN_HANDLE, v->base, NULL, files_cb, &log);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "unknown handle: ret %d error %lu\n", ret,
       GetLastError());
    SymCleanup(LINE_HANDLE);
}

/* The inlined call in fixsym_inline_caller, through the inline-frame
 * functions. */
static void test_inline_frames(void)
{
    static const char *const names[] = { "fixsym_d4o0", "fixsym_d4o2", "fixsym_d5o2" };
    char buf[sizeof(SYMBOL_INFO) + 256];
    SYMBOL_INFO *si = (SYMBOL_INFO *)buf;
    int i;

    LAUNDER(si);
    pSymAddrIncludeInlineTrace = (void *)fixsym_proc("SymAddrIncludeInlineTrace");
    pSymQueryInlineTrace = (void *)fixsym_proc("SymQueryInlineTrace");
    pSymFromInlineContext = (void *)fixsym_proc("SymFromInlineContext");
    pSymFromInlineContextW = (void *)fixsym_proc("SymFromInlineContextW");
    pSymGetLineFromInlineContext = (void *)fixsym_proc("SymGetLineFromInlineContext");
    pSymGetLineFromInlineContextW = (void *)fixsym_proc("SymGetLineFromInlineContextW");
    if (!pSymAddrIncludeInlineTrace || !pSymQueryInlineTrace || !pSymFromInlineContext
        || !pSymGetLineFromInlineContext)
        return;
    fixsym_init(LINE_HANDLE, SYMOPT_UNDNAME | SYMOPT_LOAD_LINES);
    for (i = 0; i < (int)ARRAY_SIZE(names); i++)
    {
        const struct fixsym_variant *v = fixsym_find(names[i]);
        DWORD64 addr, disp;
        DWORD count, ctx = 0, frame = 0, d32;
        IMAGEHLP_LINE64 l;
        BOOL ret, gap;

        if (!v) continue;
        gap = !fixsym_wine_reads(v);
        addr = v->base + v->info.mark[FIXSYM_MARK_INLINE].rva;
        count = pSymAddrIncludeInlineTrace(LINE_HANDLE, addr);
        todo_wine_if(gap)
        ok(count == 1, "%s: %lu inline frames at the inlined code\n", v->name, count);
        count = pSymAddrIncludeInlineTrace(LINE_HANDLE, v->base + v->info.mark[FIXSYM_MARK_SEQ1].rva);
        ok(count == 0, "%s: %lu inline frames in plain code\n", v->name, count);

        ret = pSymQueryInlineTrace(LINE_HANDLE, addr, 0, addr, addr, &ctx, &frame);
        /* The context value is opaque (implementation-defined). */
        todo_wine_if(gap)
        ok(ret, "%s: SymQueryInlineTrace ret %d error %lu\n", v->name, ret, GetLastError());
        if (!ret) continue;
        trace("%s: inline context %#lx frame index %lu\n", v->name, ctx, frame);

        /* The innermost frame: the inlined callee and its own line. */
        memset(buf, 0, sizeof(buf));
        si->SizeOfStruct = sizeof(*si);
        si->MaxNameLen = 256;
        ret = pSymFromInlineContext(LINE_HANDLE, addr, ctx, &disp, si);
        ok(ret && !strcmp(si->Name, FIXSYM_INLINE_NAME), "%s: SymFromInlineContext ret %d name %s\n",
           v->name, ret, ret ? si->Name : "-");
        ret = pSymGetLineFromInlineContext(LINE_HANDLE, addr, ctx, 0, &d32, line_init(&l));
        ok(ret && l.LineNumber == (DWORD)v->info.mark[FIXSYM_MARK_INLINE].line
           && fixsym_ends_with(l.FileName, "fixsym.c"),
           "%s: SymGetLineFromInlineContext ret %d line %lu, expected %d\n", v->name, ret,
           ret ? l.LineNumber : 0, v->info.mark[FIXSYM_MARK_INLINE].line);
        if (pSymFromInlineContextW)
        {
            char bufw[sizeof(SYMBOL_INFOW) + 256 * sizeof(WCHAR)];
            SYMBOL_INFOW *siw = (SYMBOL_INFOW *)bufw;

            LAUNDER(siw);
            memset(bufw, 0, sizeof(bufw));
            siw->SizeOfStruct = sizeof(*siw);
            siw->MaxNameLen = 256;
            ret = pSymFromInlineContextW(LINE_HANDLE, addr, ctx, &disp, siw);
            ok(ret && !wcscmp(siw->Name, L"" FIXSYM_INLINE_NAME), "%s: W ret %d\n", v->name, ret);
        }
        if (pSymGetLineFromInlineContextW)
        {
            IMAGEHLP_LINEW64 lw;
            ret = pSymGetLineFromInlineContextW(LINE_HANDLE, addr, ctx, 0, &d32, lineW_init(&lw));
            ok(ret && lw.LineNumber == (DWORD)v->info.mark[FIXSYM_MARK_INLINE].line,
               "%s: line W ret %d line %lu\n", v->name, ret, ret ? lw.LineNumber : 0);
        }

        /* INLINE_FRAME_CONTEXT_IGNORE: the physical function, as SymFromAddr
         * and SymGetLineFromAddr64 answer (the caller, the call's line). */
        memset(buf, 0, sizeof(buf));
        si->SizeOfStruct = sizeof(*si);
        si->MaxNameLen = 256;
        ret = pSymFromInlineContext(LINE_HANDLE, addr, INLINE_CONTEXT_IGNORE, &disp, si);
        ok(ret && !strcmp(si->Name, "fixsym_inline_caller"), "%s: outer frame: ret %d name %s\n",
           v->name, ret, ret ? si->Name : "-");
        ret = pSymGetLineFromInlineContext(LINE_HANDLE, addr, INLINE_CONTEXT_IGNORE, 0, &d32,
                                           line_init(&l));
        todo_wine /* the declaration line of the caller */
        ok(ret && l.LineNumber == (DWORD)v->info.inline_call_line,
           "%s: outer frame line: ret %d line %lu, expected %d\n", v->name, ret,
           ret ? l.LineNumber : 0, v->info.inline_call_line);
    }
    SymCleanup(LINE_HANDLE);
}

/* SymSetContext / SymSetScopeFromAddr: the parameters of fixsym_add become
 * the local scope. */
static struct { int count; BOOL a, b; } scope_log;

static BOOL CALLBACK scope_cb(PSYMBOL_INFO si, ULONG size, PVOID ctx)
{
    scope_log.count++;
    if (!strcmp(si->Name, "a")) scope_log.a = TRUE;
    if (!strcmp(si->Name, "b")) scope_log.b = TRUE;
    return TRUE;
}

static void test_scope(void)
{
    const struct fixsym_variant *v = fixsym_find("fixsym_d4o0");
    IMAGEHLP_STACK_FRAME frame;
    DWORD64 addr;
    BOOL ret;

    RESOLVE(SymSetContext);
    RESOLVE(SymEnumSymbols);
    pSymSetScopeFromAddr = (void *)fixsym_proc("SymSetScopeFromAddr");
    if (!pSymSetContext || !pSymEnumSymbols || !v) return;
    fixsym_init(LINE_HANDLE, SYMOPT_UNDNAME | SYMOPT_LOAD_LINES);
    addr = v->base + v->info.mark[FIXSYM_MARK_ADD].rva;
    memset(&frame, 0, sizeof(frame));
    frame.InstructionOffset = addr;
    ret = pSymSetContext(LINE_HANDLE, &frame, NULL);
    ok(ret, "SymSetContext failed, error %lu\n", GetLastError());
    memset(&scope_log, 0, sizeof(scope_log));
    ret = pSymEnumSymbols(LINE_HANDLE, 0, "*", scope_cb, NULL);
    ok(ret && scope_log.a && scope_log.b, "locals: ret %d count %d a %d b %d\n", ret,
       scope_log.count, scope_log.a, scope_log.b);
    /* The same frame again: FALSE with ERROR_SUCCESS (documented). */
    SetLastError(0xdeadbeef);
    ret = pSymSetContext(LINE_HANDLE, &frame, NULL);
    ok(!ret && GetLastError() == ERROR_SUCCESS, "same context: ret %d error %lu\n", ret,
       GetLastError());
    /* An address in no module. */
    frame.InstructionOffset = NO_MODULE_ADDR;
    SetLastError(0xdeadbeef);
    ret = pSymSetContext(LINE_HANDLE, &frame, NULL);
    ok(!ret, "no module: ret %d\n", ret);

    if (pSymSetScopeFromAddr)
    {
        ret = pSymSetScopeFromAddr(LINE_HANDLE, v->base + v->info.mark[FIXSYM_MARK_SEQ1].rva);
        ok(ret, "SymSetScopeFromAddr failed, error %lu\n", GetLastError());
        ret = pSymSetScopeFromAddr(LINE_HANDLE, addr);
        ok(ret, "SymSetScopeFromAddr failed, error %lu\n", GetLastError());
        memset(&scope_log, 0, sizeof(scope_log));
        ret = pSymEnumSymbols(LINE_HANDLE, 0, "*", scope_cb, NULL);
        ok(ret && scope_log.a && scope_log.b, "scope locals: ret %d count %d\n", ret,
           scope_log.count);
        SetLastError(0xdeadbeef);
        ret = pSymSetScopeFromAddr(LINE_HANDLE, NO_MODULE_ADDR);
        ok(!ret, "scope in no module: ret %d\n", ret);
    }
    SymCleanup(LINE_HANDLE);
    SetLastError(0xdeadbeef);
    frame.InstructionOffset = addr;
    ret = pSymSetContext(UNKNOWN_HANDLE, &frame, NULL);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE, "unknown handle: ret %d error %lu\n", ret,
       GetLastError());
}

START_TEST(line)
{
    if (wtest_platform == WTEST_WINDOWS)
    {
        skip("Microsoft's dbghelp reads no DWARF line information\n");
        return;
    }
    RESOLVE(SymGetLineFromAddr64);
    RESOLVE(SymFromAddr);
    if (!fixsym_prepare() || !pSymGetLineFromAddr64) return;
    test_SymGetLineFromAddr64();
    test_SymGetLineFromAddrW64();
    test_SymGetLineFromAddr();
    test_SymGetLineNext64();
    test_SymGetLineFromName64();
    test_SymEnumLines();
    test_SymEnumSourceLines();
    test_SymEnumSourceFiles();
    test_inline_frames();
    test_scope();
}
