/*
 * undname.c: undecoration of Microsoft (MSVC) C++ names, the entry point
 * undname_demangle, and the pool/buffer helpers shared with
 * undname_itanium.c.  Portable C11, no windows.h.
 *
 * The output layout follows Microsoft's undecorator as Wine 8.0's msvcrt
 * reproduces it (spacing included: "int const * __ptr64", "(void)const ",
 * "void (__cdecl*)(int)"); where Wine 8.0 gives up (__vectorcall,
 * anonymous namespaces, std::nullptr_t) we print what Microsoft's does.
 *
 * Grammar handled (a symbol is '?' name scopes '@' encoding):
 *   names     identifiers, back references 0-9, templates ?$name@args@,
 *             operators ??0 ??1 ??2 ... ??_V, RTTI ??_R0-4, strings ??_C,
 *             anonymous namespaces ?A0x..., numbered local scopes ?N?sym;
 *   encodings data 0-4, vftable/vbtable 6/7, RTTI 8, functions A-Z with
 *             access, static/virtual, adjustor thunks, vtordisp thunks $0-$5,
 *             vcall thunks $B, this qualifiers and calling conventions;
 *   types     all builtin types, class/struct/union/enum, pointers and
 *             references (with __ptr64, __restrict, __unaligned), rvalue
 *             references, pointers to functions, members and member
 *             functions, arrays, $$C cv types, std::nullptr_t, type back
 *             references.
 * Anything else makes the whole undecoration fail (the caller then keeps the
 * name as it is); every read checks for the terminating NUL first.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "undname.h"
#include "undname_private.h"

/* ---- pool and buffer ---------------------------------------------------- */

#define UND_CHUNK_SIZE 8192
#define UND_ALIGN(n) (((n) + 15) & ~(size_t)15)

struct und_chunk
{
    struct und_chunk *next;
    size_t used;  /* bytes handed out from this chunk */
    size_t size;  /* bytes available after the header */
};

void und_pool_init(struct und_pool *pool)
{
    pool->chunks = NULL;
    pool->total = 0;
}

void und_pool_free(struct und_pool *pool)
{
    struct und_chunk *c = pool->chunks, *next;

    for (; c; c = next)
    {
        next = c->next;
        free(c);
    }
    pool->chunks = NULL;
    pool->total = 0;
}

void *und_alloc(struct und_pool *pool, size_t size)
{
    const size_t hdr = UND_ALIGN(sizeof(struct und_chunk));
    struct und_chunk *c = pool->chunks;
    unsigned char *mem;

    if (size > UND_MAX_TOTAL || pool->total + size > UND_MAX_TOTAL) return NULL;
    size = UND_ALIGN(size ? size : 1);
    if (!c || c->size - c->used < size)
    {
        size_t csize = size > UND_CHUNK_SIZE ? size : UND_CHUNK_SIZE;

        if (!(c = malloc(hdr + csize))) return NULL;
        c->next = pool->chunks;
        c->used = 0;
        c->size = csize;
        pool->chunks = c;
    }
    mem = (unsigned char *)c + hdr + c->used;
    c->used += size;
    pool->total += size;
    memset(mem, 0, size);
    return mem;
}

char *und_strndup(struct und_pool *pool, const char *s, size_t n)
{
    char *r;

    if (!s || !(r = und_alloc(pool, n + 1))) return NULL;
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

char *und_cat(struct und_pool *pool, ...)
{
    va_list ap;
    const char *s;
    size_t len = 0;
    char *r, *w;

    va_start(ap, pool);
    while ((s = va_arg(ap, const char *))) len += strlen(s);
    va_end(ap);
    if (!(r = und_alloc(pool, len + 1))) return NULL;
    w = r;
    va_start(ap, pool);
    while ((s = va_arg(ap, const char *)))
    {
        size_t n = strlen(s);
        memcpy(w, s, n);
        w += n;
    }
    va_end(ap);
    *w = 0;
    return r;
}

void und_buf_addn(struct und_buf *buf, const char *s, size_t n)
{
    if (buf->failed) return;
    if (buf->len + n + 1 > buf->cap)
    {
        size_t cap = buf->cap ? buf->cap : 256;
        char *p;

        while (cap < buf->len + n + 1) cap *= 2;
        if (cap > UND_MAX_TOTAL || !(p = realloc(buf->data, cap)))
        {
            buf->failed = 1;
            return;
        }
        buf->data = p;
        buf->cap = cap;
    }
    memcpy(buf->data + buf->len, s, n);
    buf->len += n;
    buf->data[buf->len] = 0;
}

void und_buf_add(struct und_buf *buf, const char *s)
{
    und_buf_addn(buf, s, strlen(s));
}

void und_buf_addc(struct und_buf *buf, char c)
{
    und_buf_addn(buf, &c, 1);
}

char und_buf_last(const struct und_buf *buf)
{
    return buf->len ? buf->data[buf->len - 1] : 0;
}

/* ---- Microsoft names ---------------------------------------------------- */

/* How a rendered type joins its declarator: PLAIN types take " *", but a
 * pointer to function is open inside its parentheses ("void (__cdecl*")
 * and further '*' or '&' attach without a space ("void (__cdecl**"). */
enum ms_kind { MS_PLAIN, MS_FUNCPTR };

/* A type as the text left and right of the declared name. */
struct ms_type
{
    const char *left;
    const char *right;
    int kind;          /* enum ms_kind */
};

struct ms_ctx
{
    const char *p;               /* cursor; the string is NUL-terminated */
    unsigned flags;              /* UNDNAME_* */
    struct und_pool *pool;
    const char *names[10];       /* name back references 0-9 */
    unsigned nnames;
    struct ms_type types[10];    /* argument type back references 0-9 */
    unsigned ntypes;
    unsigned depth;              /* recursion guard */
};

/* The first piece of a symbol's name: an identifier or a special name. */
enum ms_name_kind { MSN_PLAIN, MSN_CTOR, MSN_DTOR, MSN_CONV, MSN_SPECIAL };

struct ms_name0
{
    int kind;            /* enum ms_name_kind */
    const char *text;    /* the name, or the operator/special text */
    const char *targs;   /* "<...>" of a templated ctor/dtor/conversion */
};

static const char *const ms_cv_words[4] = { "", "const", "volatile", "const volatile" };

#define MS_CAT(ctx, ...) und_cat((ctx)->pool, __VA_ARGS__, (const char *)NULL)

static const char *ms_symbol(struct ms_ctx *ctx);
static int ms_type(struct ms_ctx *ctx, struct ms_type *t, int top);

/* A Microsoft keyword as the flags want it shown ("" when hidden). */
static const char *ms_keyword(const struct ms_ctx *ctx, const char *kw)
{
    if (ctx->flags & UNDNAME_NO_MS_KEYWORDS) return "";
    if ((ctx->flags & UNDNAME_NO_PTR64) && !strcmp(kw, "__ptr64")) return "";
    if (ctx->flags & UNDNAME_NO_LEADING_UNDERSCORES) return kw + 2;
    return kw;
}

/* " word", or "" for an empty word. */
static const char *ms_spaced(struct ms_ctx *ctx, const char *word)
{
    return *word ? MS_CAT(ctx, " ", word) : "";
}

/* Numbers: a digit d is d + 1; else hex digits A-P up to '@'; '?' negates. */
static int ms_number(struct ms_ctx *ctx, int *neg, uint64_t *value)
{
    unsigned n = 0;

    *neg = 0;
    *value = 0;
    if (*ctx->p == '?')
    {
        *neg = 1;
        ctx->p++;
    }
    if (*ctx->p >= '0' && *ctx->p <= '9')
    {
        *value = (uint64_t)(*ctx->p++ - '0') + 1;
        return 1;
    }
    while (*ctx->p >= 'A' && *ctx->p <= 'P')
    {
        if (++n > 16) return 0;
        *value = *value * 16 + (uint64_t)(*ctx->p++ - 'A');
    }
    if (!n || *ctx->p != '@') return 0;
    ctx->p++;
    return 1;
}

static const char *ms_number_text(struct ms_ctx *ctx)
{
    char text[32];
    uint64_t v;
    int neg;

    if (!ms_number(ctx, &neg, &v)) return NULL;
    snprintf(text, sizeof(text), "%s%llu", neg ? "-" : "", (unsigned long long)v);
    return MS_CAT(ctx, text);
}

static void ms_remember_name(struct ms_ctx *ctx, const char *name)
{
    if (name && ctx->nnames < 10) ctx->names[ctx->nnames++] = name;
}

/* An identifier up to its '@'. */
static const char *ms_identifier(struct ms_ctx *ctx)
{
    const char *start = ctx->p;

    while (*ctx->p && *ctx->p != '@') ctx->p++;
    if (!*ctx->p || ctx->p == start) return NULL;
    ctx->p++;
    return und_strndup(ctx->pool, start, (size_t)(ctx->p - 1 - start));
}

static const char *ms_operator_name(char c)
{
    static const char *const ops[] = {
        /* '2' */ "operator new", "operator delete", "operator=", "operator>>",
        "operator<<", "operator!", "operator==", "operator!=",
        /* 'A' */ "operator[]", NULL, "operator->", "operator*", "operator++",
        "operator--", "operator-", "operator+", "operator&", "operator->*",
        "operator/", "operator%", "operator<", "operator<=", "operator>",
        "operator>=", "operator,", "operator()", "operator~", "operator^",
        "operator|", "operator&&", "operator||", "operator*=", "operator+=",
        "operator-=",
    };
    if (c >= '2' && c <= '9') return ops[c - '2'];
    if (c >= 'A' && c <= 'Z') return ops[8 + c - 'A'];
    return NULL;
}

static const char *ms_underscore_name(char c)
{
    static const char *const ops[] = {
        /* '0' */ "operator/=", "operator%=", "operator>>=", "operator<<=",
        "operator&=", "operator|=", "operator^=", "`vftable'", "`vbtable'", "`vcall'",
        /* 'A' */ "`typeof'", "`local static guard'", NULL /* C: strings */,
        "`vbase destructor'", "`vector deleting destructor'",
        "`default constructor closure'", "`scalar deleting destructor'",
        "`vector constructor iterator'", "`vector destructor iterator'",
        "`vector vbase constructor iterator'", "`virtual displacement map'",
        "`eh vector constructor iterator'", "`eh vector destructor iterator'",
        "`eh vector vbase constructor iterator'", "`copy constructor closure'",
        NULL /* P: udt returning */, NULL /* Q */, NULL /* R: RTTI */,
        "`local vftable'", "`local vftable constructor closure'",
        "operator new[]", "operator delete[]", NULL /* W */,
        "`placement delete closure'", "`placement delete[] closure'",
    };
    if (c >= '0' && c <= '9') return ops[c - '0'];
    if (c >= 'A' && c <= 'Y') return ops[10 + c - 'A'];
    return NULL;
}

/* After "??": an operator or special name code, into n0. */
static int ms_special_name(struct ms_ctx *ctx, struct ms_name0 *n0)
{
    char c = *ctx->p++;

    n0->kind = MSN_SPECIAL;
    if (c == '0') { n0->kind = MSN_CTOR; return 1; }
    if (c == '1') { n0->kind = MSN_DTOR; return 1; }
    if (c == 'B') { n0->kind = MSN_CONV; return 1; }
    if (c != '_') return (n0->text = ms_operator_name(c)) != NULL;

    c = *ctx->p++;
    if (c == 'R')
    {
        struct ms_type t;
        const char *a, *b, *d, *e;

        switch (*ctx->p++)
        {
        case '0':
            if (!ms_type(ctx, &t, 1)) return 0;
            n0->text = MS_CAT(ctx, t.left, t.right, " `RTTI Type Descriptor'");
            break;
        case '1':
            if (!(a = ms_number_text(ctx)) || !(b = ms_number_text(ctx)) ||
                !(d = ms_number_text(ctx)) || !(e = ms_number_text(ctx)))
                return 0;
            n0->text = MS_CAT(ctx, "`RTTI Base Class Descriptor at (", a, ",", b, ",", d, ",", e, ")'");
            break;
        case '2': n0->text = "`RTTI Base Class Array'"; break;
        case '3': n0->text = "`RTTI Class Hierarchy Descriptor'"; break;
        case '4': n0->text = "`RTTI Complete Object Locator'"; break;
        default: return 0;
        }
        return n0->text != NULL;
    }
    return (n0->text = ms_underscore_name(c)) != NULL;
}

/* Template arguments up to their '@', as "a,b,c". */
static const char *ms_template_args(struct ms_ctx *ctx)
{
    const char *list = "", *arg;
    struct ms_type t;
    int n = 0;

    while (*ctx->p != '@')
    {
        const char *start = ctx->p;

        if (!*ctx->p) return NULL;
        if (ctx->p[0] == '$' && ctx->p[1] == '0')
        {
            ctx->p += 2;
            if (!(arg = ms_number_text(ctx))) return NULL;
        }
        else if (ctx->p[0] == '$' && (ctx->p[1] == 'S' ||
                 (ctx->p[1] == '$' && (ctx->p[2] == 'V' || ctx->p[2] == 'Z'))))
        {
            /* an empty parameter pack */
            ctx->p += ctx->p[1] == 'S' ? 2 : 3;
            continue;
        }
        else if (ctx->p[0] == '$' && ctx->p[1] != '$')
            return NULL; /* other non-type arguments are not supported */
        else if (*ctx->p >= '0' && *ctx->p <= '9')
        {
            unsigned i = (unsigned)(*ctx->p++ - '0');
            if (i >= ctx->ntypes) return NULL;
            arg = MS_CAT(ctx, ctx->types[i].left, ctx->types[i].right);
        }
        else
        {
            if (!ms_type(ctx, &t, 1)) return NULL;
            if (ctx->p - start > 1 && ctx->ntypes < 10) ctx->types[ctx->ntypes++] = t;
            arg = MS_CAT(ctx, t.left, t.right);
        }
        if (!arg || !(list = MS_CAT(ctx, list, n++ ? "," : "", arg))) return NULL;
    }
    ctx->p++;
    return list;
}

/* After "?$": a template name and its arguments, which have back reference
 * tables of their own.  For a templated operator/ctor/dtor (first piece of
 * a symbol only) the kind goes to n0 and the arguments to n0->targs. */
static const char *ms_template(struct ms_ctx *ctx, struct ms_name0 *n0)
{
    const char *saved_names[10], *name, *args, *targs;
    struct ms_type saved_types[10];
    unsigned saved_nnames = ctx->nnames, saved_ntypes = ctx->ntypes;
    struct ms_name0 inner = { MSN_PLAIN, NULL, NULL };

    memcpy(saved_names, ctx->names, sizeof(saved_names));
    memcpy(saved_types, ctx->types, sizeof(saved_types));
    ctx->nnames = ctx->ntypes = 0;

    if (*ctx->p == '?')
    {
        if (!n0) return NULL;
        ctx->p++;
        if (!ms_special_name(ctx, &inner) || inner.kind == MSN_CONV) return NULL;
        name = inner.kind == MSN_SPECIAL ? inner.text : "";
    }
    else
    {
        if (!(name = ms_identifier(ctx))) return NULL;
        ms_remember_name(ctx, name);
    }
    if (!(args = ms_template_args(ctx))) return NULL;

    memcpy(ctx->names, saved_names, sizeof(saved_names));
    memcpy(ctx->types, saved_types, sizeof(saved_types));
    ctx->nnames = saved_nnames;
    ctx->ntypes = saved_ntypes;

    targs = MS_CAT(ctx, "<", args, *args && args[strlen(args) - 1] == '>' ? " >" : ">");
    if (!targs) return NULL;
    if (n0 && inner.kind != MSN_PLAIN)
    {
        n0->kind = inner.kind;
        n0->text = inner.text;
        n0->targs = targs;
        return "";
    }
    return MS_CAT(ctx, name, targs);
}

/* One scope piece (any piece of a name but a symbol's first). */
static const char *ms_scope_piece(struct ms_ctx *ctx)
{
    const char *s, *num, *sym;

    if (*ctx->p >= '0' && *ctx->p <= '9')
    {
        unsigned i = (unsigned)(*ctx->p++ - '0');
        return i < ctx->nnames ? ctx->names[i] : NULL;
    }
    if (*ctx->p != '?')
    {
        s = ms_identifier(ctx);
        ms_remember_name(ctx, s);
        return s;
    }
    ctx->p++;
    if (*ctx->p == '$')
    {
        ctx->p++;
        s = ms_template(ctx, NULL);
        ms_remember_name(ctx, s);
        return s;
    }
    if (!strncmp(ctx->p, "A0x", 3))
    {
        if (!ms_identifier(ctx)) return NULL;
        s = "`anonymous namespace'";
        ms_remember_name(ctx, s);
        return s;
    }
    /* A numbered local scope of a function: ?N?<function symbol>. */
    if (!(num = ms_number_text(ctx)) || *ctx->p++ != '?' || *ctx->p != '?') return NULL;
    if (!(sym = ms_symbol(ctx))) return NULL;
    return MS_CAT(ctx, "`", sym, "'::`", num, "'");
}

/* Scope pieces up to the terminating '@', joined innermost last, as a
 * prefix "outer::inner::" (or "" without scopes).  *innermost gets the
 * nearest scope (for constructor names). */
static const char *ms_scopes(struct ms_ctx *ctx, const char **innermost)
{
    const char *pieces[64];
    const char *prefix = "";
    unsigned n = 0, i;

    while (*ctx->p != '@')
    {
        if (!*ctx->p || n >= 64) return NULL;
        if (!(pieces[n++] = ms_scope_piece(ctx))) return NULL;
    }
    ctx->p++;
    for (i = n; i > 0; i--)
        if (!(prefix = MS_CAT(ctx, prefix, pieces[i - 1], "::"))) return NULL;
    if (innermost) *innermost = n ? pieces[0] : NULL;
    return prefix;
}

/* A class/struct/union/enum name or a member pointer's class. */
static const char *ms_type_name(struct ms_ctx *ctx)
{
    const char *first, *prefix;

    if (!*ctx->p || *ctx->p == '@') return NULL;
    if (!(first = ms_scope_piece(ctx))) return NULL;
    if (!(prefix = ms_scopes(ctx, NULL))) return NULL;
    return MS_CAT(ctx, prefix, first);
}

static const char *ms_calling_convention(struct ms_ctx *ctx)
{
    static const char *const ccs[] = {
        "__cdecl", "__cdecl", "__pascal", "__pascal", "__thiscall", "__thiscall",
        "__stdcall", "__stdcall", "__fastcall", "__fastcall", NULL, NULL,
        "__clrcall", "__clrcall", "__eabi", "__eabi", "__vectorcall",
    };
    char c = *ctx->p;

    if (c < 'A' || c > 'Q' || !ccs[c - 'A']) return NULL;
    ctx->p++;
    return ms_keyword(ctx, ccs[c - 'A']);
}

/* Qualifiers of a member function's `this`, as printed after ")". */
static const char *ms_this_quals(struct ms_ctx *ctx, int primary)
{
    const char *mods[8], *s = "", *ref = "";
    unsigned n = 0, i, cv;

    for (;;)
    {
        char c = *ctx->p;
        if (c == 'E') mods[n] = ms_keyword(ctx, "__ptr64");
        else if (c == 'I') mods[n] = ms_keyword(ctx, "__restrict");
        else if (c == 'F') mods[n] = ms_keyword(ctx, "__unaligned");
        else break;
        if (++n >= 8) return NULL;
        ctx->p++;
    }
    if (*ctx->p == 'G') { ref = "& "; ctx->p++; }
    else if (*ctx->p == 'H') { ref = "&& "; ctx->p++; }
    if (*ctx->p < 'A' || *ctx->p > 'D') return NULL;
    cv = (unsigned)(*ctx->p++ - 'A');
    if (primary && (ctx->flags & UNDNAME_NO_THISTYPE)) return "";

    if (cv) s = MS_CAT(ctx, ms_cv_words[cv], " ");
    for (i = 0; s && i < n; i++)
    {
        if (!*mods[i]) continue;
        s = MS_CAT(ctx, s, *s && s[strlen(s) - 1] == ' ' ? "" : " ", mods[i]);
    }
    return s ? MS_CAT(ctx, s, ref) : NULL;
}

/* A parameter list up to its end ('@', 'Z' for "...", or a lone 'X'). */
static const char *ms_arguments(struct ms_ctx *ctx)
{
    const char *list = "";
    struct ms_type t;
    int n = 0;

    if (*ctx->p == 'X') { ctx->p++; return "void"; }
    if (*ctx->p == 'Z') { ctx->p++; return "..."; }
    for (;;)
    {
        const char *start = ctx->p;

        if (*ctx->p == '@') { ctx->p++; break; }
        if (*ctx->p == 'Z')
        {
            ctx->p++;
            list = MS_CAT(ctx, list, n ? "," : "", "...");
            break;
        }
        if (!*ctx->p) return NULL;
        if (*ctx->p >= '0' && *ctx->p <= '9')
        {
            unsigned i = (unsigned)(*ctx->p++ - '0');
            if (i >= ctx->ntypes) return NULL;
            t = ctx->types[i];
        }
        else
        {
            if (!ms_type(ctx, &t, 1)) return NULL;
            /* one-letter types are never remembered */
            if (ctx->p - start > 1 && ctx->ntypes < 10) ctx->types[ctx->ntypes++] = t;
        }
        if (!(list = MS_CAT(ctx, list, n++ ? "," : "", t.left, t.right))) return NULL;
    }
    return n ? list : "void";
}

/* A function type after its calling convention: return type ('@' for
 * none), parameters and the throw specification ('Z'). */
struct ms_func
{
    const char *cc;
    struct ms_type ret;
    int has_ret;
    const char *args;
};

static int ms_function(struct ms_ctx *ctx, struct ms_func *f)
{
    if (!(f->cc = ms_calling_convention(ctx))) return 0;
    f->has_ret = *ctx->p != '@';
    if (!f->has_ret) ctx->p++;
    else if (!ms_type(ctx, &f->ret, 1)) return 0;
    if (!(f->args = ms_arguments(ctx))) return 0;
    if (*ctx->p != 'Z') return 0; /* only "no throw specification" */
    ctx->p++;
    return 1;
}

/* Array dimensions after 'Y', as "[a][b]". */
static const char *ms_array_dims(struct ms_ctx *ctx)
{
    const char *dims = "", *d;
    uint64_t n, i;
    int neg;

    if (!ms_number(ctx, &neg, &n) || neg || !n || n > 64) return NULL;
    for (i = 0; i < n; i++)
        if (!(d = ms_number_text(ctx)) || !(dims = MS_CAT(ctx, dims, "[", d, "]"))) return NULL;
    return dims;
}

/* Pointers and references: `sym` is "*", "&" or "&&"; own_cv the
 * pointer's own cv (shown only for a top-level type). */
static int ms_pointer(struct ms_ctx *ctx, struct ms_type *t, const char *sym, unsigned own_cv, int top)
{
    const char *mods = "", *suffix, *cls, *dims, *pcv_word;
    struct ms_type pointee;
    struct ms_func f;
    int unaligned = 0;
    unsigned pcv;
    char c;

    for (;;)
    {
        c = *ctx->p;
        if (c == 'E') mods = MS_CAT(ctx, mods, ms_spaced(ctx, ms_keyword(ctx, "__ptr64")));
        else if (c == 'I') mods = MS_CAT(ctx, mods, ms_spaced(ctx, ms_keyword(ctx, "__restrict")));
        else if (c == 'F') unaligned = 1;
        else break;
        if (!mods) return 0;
        ctx->p++;
    }
    suffix = MS_CAT(ctx, sym, mods, top ? ms_spaced(ctx, ms_cv_words[own_cv]) : "");
    if (!suffix) return 0;
    t->kind = MS_PLAIN;
    t->right = "";

    c = *ctx->p++;
    if (c >= 'A' && c <= 'D')
    {
        pcv = (unsigned)(c - 'A');
        if (*ctx->p == 'Y')
        {
            ctx->p++;
            if (!(dims = ms_array_dims(ctx)) || !ms_type(ctx, &pointee, 0)) return 0;
            t->left = MS_CAT(ctx, pointee.left, " (", pcv ? ms_cv_words[pcv] : "", pcv ? " " : "", suffix);
            t->right = MS_CAT(ctx, ")", dims, pointee.right);
            return t->left && t->right;
        }
        if (!ms_type(ctx, &pointee, 0)) return 0;
        pcv_word = ms_spaced(ctx, ms_cv_words[pcv]);
        if (pointee.kind == MS_FUNCPTR)
        {
            t->left = MS_CAT(ctx, pointee.left, pcv_word, suffix);
            t->kind = MS_FUNCPTR;
        }
        else
            t->left = MS_CAT(ctx, pointee.left, pcv_word,
                             unaligned ? ms_spaced(ctx, ms_keyword(ctx, "__unaligned")) : "", " ", suffix);
        t->right = pointee.right;
        return t->left != NULL;
    }
    if (c >= 'Q' && c <= 'T')
    {
        /* pointer to data member */
        pcv = (unsigned)(c - 'Q');
        if (!(cls = ms_type_name(ctx)) || !ms_type(ctx, &pointee, 0)) return 0;
        t->left = MS_CAT(ctx, pointee.left, ms_spaced(ctx, ms_cv_words[pcv]), " ", cls, "::", suffix);
        t->right = pointee.right;
        return t->left != NULL;
    }
    if (c == '6' || c == '7')
    {
        if (!ms_function(ctx, &f) || !f.has_ret) return 0;
        t->left = MS_CAT(ctx, f.ret.left, f.ret.kind == MS_FUNCPTR ? "(" : " (", f.cc, suffix);
        t->right = MS_CAT(ctx, ")(", f.args, ")", f.ret.right);
        t->kind = MS_FUNCPTR;
        return t->left && t->right;
    }
    if (c == '8' || c == '9')
    {
        const char *quals;

        if (!(cls = ms_type_name(ctx)) || !(quals = ms_this_quals(ctx, 0))) return 0;
        if (!ms_function(ctx, &f) || !f.has_ret) return 0;
        t->left = MS_CAT(ctx, f.ret.left, f.ret.kind == MS_FUNCPTR ? "(" : " (", f.cc, " ", cls, "::", suffix);
        t->right = MS_CAT(ctx, ")(", f.args, ")", quals, f.ret.right);
        t->kind = MS_FUNCPTR;
        return t->left && t->right;
    }
    return 0;
}

static const char *ms_ecsu(const struct ms_ctx *ctx, const char *keyword)
{
    return (ctx->flags & UNDNAME_NO_ECSU) ? "" : keyword;
}

/* A type; `top` when a pointer's own cv is to be shown (parameters,
 * return types, template arguments), not for pointees and data. */
static int ms_type(struct ms_ctx *ctx, struct ms_type *t, int top)
{
    static const char *const basic[] = {
        /* 'C' */ "signed char", "char", "unsigned char", "short", "unsigned short",
        "int", "unsigned int", "long", "unsigned long", NULL, "float", "double",
        "long double",
    };
    static const char *const extended[] = {
        /* 'D' */ "__int8", "unsigned __int8", "__int16", "unsigned __int16",
        "__int32", "unsigned __int32", "__int64", "unsigned __int64", "__int128",
        "unsigned __int128", "bool", NULL, NULL, "char8_t", NULL, "char16_t",
        NULL, "char32_t", NULL, "wchar_t",
    };
    const char *name, *dims;
    struct ms_type inner;
    unsigned cv;
    int ok = 0;
    char c;

    if (++ctx->depth > UND_MAX_DEPTH) return 0;
    t->right = "";
    t->kind = MS_PLAIN;
    t->left = NULL;
    c = *ctx->p;
    if (c) ctx->p++;
    switch (c)
    {
    case 'C': case 'D': case 'E': case 'F': case 'G': case 'H': case 'I':
    case 'J': case 'K': case 'M': case 'N': case 'O':
        t->left = basic[c - 'C'];
        break;
    case 'X':
        t->left = "void";
        break;
    case '_':
        c = *ctx->p;
        if (c >= 'D' && c <= 'W')
        {
            ctx->p++;
            t->left = extended[c - 'D'];
        }
        break;
    case 'T': case 'U': case 'V':
        if ((name = ms_type_name(ctx)))
            t->left = MS_CAT(ctx, ms_ecsu(ctx, c == 'T' ? "union " : c == 'U' ? "struct " : "class "), name);
        break;
    case 'W':
        /* the underlying type (0-7) is not shown */
        if (*ctx->p >= '0' && *ctx->p <= '7' && (ctx->p++, (name = ms_type_name(ctx))))
            t->left = MS_CAT(ctx, ms_ecsu(ctx, "enum "), name);
        break;
    case 'P': case 'Q': case 'R': case 'S':
        ok = ms_pointer(ctx, t, "*", (unsigned)(c - 'P'), top);
        break;
    case 'A': case 'B':
        ok = ms_pointer(ctx, t, "&", c == 'B' ? 2 : 0, top);
        break;
    case '?':
        /* a by-value class or return type with its own cv */
        if (*ctx->p >= 'A' && *ctx->p <= 'D')
        {
            cv = (unsigned)(*ctx->p++ - 'A');
            if (ms_type(ctx, &inner, 1))
            {
                *t = inner;
                t->left = MS_CAT(ctx, inner.left, ms_spaced(ctx, ms_cv_words[cv]));
            }
        }
        break;
    case '$':
        if (*ctx->p != '$') break;
        c = ctx->p[1];
        if (c) ctx->p += 2;
        if (c == 'Q' || c == 'R')
            ok = ms_pointer(ctx, t, "&&", c == 'R' ? 2 : 0, top);
        else if (c == 'T')
            t->left = "std::nullptr_t";
        else if (c == 'C' && *ctx->p >= 'A' && *ctx->p <= 'D')
        {
            cv = (unsigned)(*ctx->p++ - 'A');
            if (ms_type(ctx, &inner, 1))
            {
                *t = inner;
                t->left = MS_CAT(ctx, inner.left, ms_spaced(ctx, ms_cv_words[cv]));
            }
        }
        else if (c == 'A' && *ctx->p == '6')
        {
            /* A function type (std::function<void __cdecl(int)>). */
            struct ms_func f;

            ctx->p++;
            if (ms_function(ctx, &f) && f.has_ret)
            {
                t->left = MS_CAT(ctx, f.ret.left, " ", f.cc);
                t->right = MS_CAT(ctx, "(", f.args, ")", f.ret.right);
                if (!t->right) t->left = NULL;
            }
        }
        else if (c == 'B' && *ctx->p == 'Y')
        {
            ctx->p++;
            if ((dims = ms_array_dims(ctx)) && ms_type(ctx, &inner, 0))
            {
                t->left = inner.left;
                t->right = MS_CAT(ctx, " ", dims, inner.right);
                if (!t->right) t->left = NULL;
            }
        }
        break;
    }
    ctx->depth--;
    return ok || t->left != NULL;
}

static const char *const ms_access_words[] = { "private: ", "protected: ", "public: " };

/* Data: the storage class digit (0-4) was read. */
static const char *ms_data(struct ms_ctx *ctx, unsigned storage, const char *qname)
{
    const char *prefix = "", *mods = "", *cv;
    struct ms_type t;
    char c;

    if (!ms_type(ctx, &t, 0)) return NULL;
    for (;;)
    {
        c = *ctx->p;
        if (c == 'E') mods = MS_CAT(ctx, mods, ms_spaced(ctx, ms_keyword(ctx, "__ptr64")));
        else if (c == 'I') mods = MS_CAT(ctx, mods, ms_spaced(ctx, ms_keyword(ctx, "__restrict")));
        else if (c == 'F') mods = MS_CAT(ctx, mods, ms_spaced(ctx, ms_keyword(ctx, "__unaligned")));
        else break;
        if (!mods) return NULL;
        ctx->p++;
    }
    c = *ctx->p++;
    if (c >= 'A' && c <= 'D') cv = ms_cv_words[c - 'A'];
    else if (c >= 'Q' && c <= 'T')
    {
        /* a data member pointer's class: not shown */
        cv = ms_cv_words[c - 'Q'];
        if (!ms_type_name(ctx)) return NULL;
    }
    else return NULL;
    if (ctx->flags & UNDNAME_NAME_ONLY) return qname;
    if (storage < 3)
    {
        if (!(ctx->flags & UNDNAME_NO_ACCESS_SPECIFIERS)) prefix = ms_access_words[storage];
        if (!(ctx->flags & UNDNAME_NO_MEMBER_TYPE)) prefix = MS_CAT(ctx, prefix, "static ");
    }
    return MS_CAT(ctx, prefix, t.left, ms_spaced(ctx, cv), mods, " ", qname, t.right);
}

/* vftable (6) and vbtable (7): cv, then an optional "{for `base'}". */
static const char *ms_vtable(struct ms_ctx *ctx, const char *qname)
{
    const char *base = NULL;
    unsigned cv;

    while (*ctx->p == 'E' || *ctx->p == 'I' || *ctx->p == 'F') ctx->p++;
    if (*ctx->p < 'A' || *ctx->p > 'D') return NULL;
    cv = (unsigned)(*ctx->p++ - 'A');
    if (*ctx->p != '@')
    {
        if (!(base = ms_type_name(ctx))) return NULL;
        if (*ctx->p != '@') return NULL; /* one base only */
    }
    ctx->p++;
    if (ctx->flags & UNDNAME_NAME_ONLY) return qname;
    return MS_CAT(ctx, cv ? ms_cv_words[cv] : "", cv ? " " : "", qname,
                  base ? "{for `" : "", base ? base : "", base ? "'}" : "");
}

/* A complete symbol at ctx->p ('?'). */
static const char *ms_symbol(struct ms_ctx *ctx)
{
    struct ms_name0 n0 = { MSN_PLAIN, NULL, NULL };
    const char *prefix, *innermost = NULL, *name, *qname, *res = NULL;
    const char *access = "", *member = "", *suffix = "", *thunk = "", *quals = "";
    int is_thunk = 0, has_this = 0;
    struct ms_func f;
    char c;

    if (*ctx->p != '?' || ++ctx->depth > UND_MAX_DEPTH) return NULL;
    ctx->p++;

    /* The first piece of the name. */
    if (*ctx->p == '?')
    {
        ctx->p++;
        if (*ctx->p == '$')
        {
            ctx->p++;
            const char *t = ms_template(ctx, &n0);

            if (!t) return NULL;
            /* A symbol's own template name is not a back reference (it
             * is for a scope or a type): "01" in the return type of
             * ??$f@I@base@v8@@YA?AU?$M@I@01@I@Z are base and v8, as
             * llvm-undname reads it (MSVC's mangler memorizes the
             * template name only in those places). */
            if (n0.kind == MSN_PLAIN) n0.text = t;
        }
        else if (!ms_special_name(ctx, &n0)) return NULL;
    }
    else
    {
        if (!(n0.text = ms_identifier(ctx))) return NULL;
        ms_remember_name(ctx, n0.text);
    }
    if (!(prefix = ms_scopes(ctx, &innermost))) return NULL;

    if (n0.kind == MSN_CTOR || n0.kind == MSN_DTOR)
    {
        if (!innermost) return NULL;
        n0.text = MS_CAT(ctx, n0.kind == MSN_DTOR ? "~" : "", innermost, n0.targs ? n0.targs : "");
    }
    else if (n0.targs && n0.kind != MSN_CONV)
        n0.text = MS_CAT(ctx, n0.text, n0.targs);
    name = n0.text;
    if (!name && n0.kind != MSN_CONV) return NULL;

    c = *ctx->p;
    if (c >= '0' && c <= '4')
    {
        ctx->p++;
        if (n0.kind == MSN_CONV) return NULL;
        if ((qname = MS_CAT(ctx, prefix, name))) res = ms_data(ctx, (unsigned)(c - '0'), qname);
        ctx->depth--;
        return res;
    }
    if (c == '6' || c == '7' || c == '8')
    {
        ctx->p++;
        if (n0.kind == MSN_CONV) return NULL;
        if (!(qname = MS_CAT(ctx, prefix, name))) return NULL;
        res = c == '8' ? qname : ms_vtable(ctx, qname);
        ctx->depth--;
        return res;
    }
    if (c == '$' && ctx->p[1] == 'B')
    {
        /* vcall thunk: offset, 'A' (flat), calling convention */
        const char *offset, *cc;

        ctx->p += 2;
        if (!(offset = ms_number_text(ctx)) || *ctx->p++ != 'A' || !(cc = ms_calling_convention(ctx)))
            return NULL;
        if (!(qname = MS_CAT(ctx, prefix, name, "{", offset, ",{flat}}' }'"))) return NULL;
        if (ctx->flags & UNDNAME_NO_ALLOCATION_LANGUAGE) cc = "";
        ctx->depth--;
        if (ctx->flags & UNDNAME_NAME_ONLY) return qname;
        return MS_CAT(ctx, (ctx->flags & UNDNAME_NO_ACCESS_SPECIFIERS) ? "" : "[thunk]: ",
                      *cc ? cc : "", *cc ? " " : "", qname);
    }
    if (c == '$' && ctx->p[1] >= '0' && ctx->p[1] <= '5')
    {
        /* vtordisp thunk: two displacements */
        const char *a, *b;
        unsigned group = (unsigned)(ctx->p[1] - '0') / 2;

        ctx->p += 2;
        if (!(a = ms_number_text(ctx)) || !(b = ms_number_text(ctx))) return NULL;
        suffix = MS_CAT(ctx, "`vtordisp{", a, ",", b, "}' ");
        access = ms_access_words[group];
        member = "virtual ";
        is_thunk = has_this = 1;
    }
    else if (c >= 'A' && c <= 'Z')
    {
        unsigned idx = (unsigned)(c - 'A');

        ctx->p++;
        if (idx < 24)
        {
            unsigned kind = (idx % 8) / 2; /* normal, static, virtual, thunk */

            access = ms_access_words[idx / 8];
            member = kind == 1 ? "static " : kind >= 2 ? "virtual " : "";
            has_this = kind != 1;
            if (kind == 3)
            {
                const char *adj;

                if (!(adj = ms_number_text(ctx))) return NULL;
                suffix = MS_CAT(ctx, "`adjustor{", adj, "}' ");
                is_thunk = 1;
            }
        }
    }
    else return NULL;

    if (!suffix) return NULL;
    if (has_this && !(quals = ms_this_quals(ctx, 1))) return NULL;
    if (!ms_function(ctx, &f)) return NULL;
    if (n0.kind == MSN_CONV)
    {
        /* "operator <type>": the return type belongs to the name */
        if (!f.has_ret) return NULL;
        name = MS_CAT(ctx, "operator ", f.ret.left, f.ret.right, n0.targs ? n0.targs : "");
        f.has_ret = 0;
    }
    if (!(qname = MS_CAT(ctx, prefix, name, suffix))) return NULL;
    ctx->depth--;
    if (ctx->flags & UNDNAME_NAME_ONLY) return qname;

    if (ctx->flags & UNDNAME_NO_ACCESS_SPECIFIERS) access = "";
    else if (is_thunk) thunk = "[thunk]:";
    if (ctx->flags & UNDNAME_NO_MEMBER_TYPE) member = "";
    if (ctx->flags & UNDNAME_NO_FUNCTION_RETURNS) f.has_ret = 0;
    if (ctx->flags & UNDNAME_NO_ALLOCATION_LANGUAGE) f.cc = "";
    return MS_CAT(ctx, thunk, access, member,
                  f.has_ret ? f.ret.left : "", f.has_ret && f.ret.kind != MS_FUNCPTR ? " " : "",
                  f.cc, *f.cc ? " " : "", qname, "(", f.args, ")", quals,
                  f.has_ret ? f.ret.right : "");
}

static char *und_msvc(const char *mangled, unsigned flags, struct und_pool *pool)
{
    struct ms_ctx ctx;
    const char *res;

    memset(&ctx, 0, sizeof(ctx));
    ctx.p = mangled;
    ctx.pool = pool;
    ctx.flags = flags;
    /* Template arguments in a bare name are shown without class/struct. */
    if (flags & UNDNAME_NAME_ONLY) ctx.flags |= UNDNAME_NO_ECSU;
    if (flags & UNDNAME_NO_ARGUMENTS)
    {
        /* Microsoft's undecorator takes 0x2000 as "the input is a type":
         * "?AVFoo@@" (an RTTI type name without its '.') is "class Foo".
         * Function and data names then fail, as with Microsoft's. */
        struct ms_type t;

        if (!ms_type(&ctx, &t, 1) || *ctx.p) return NULL;
        return und_cat(pool, t.left, t.right, (const char *)NULL);
    }
    /* String literals: the contents are hashed and escaped; Microsoft shows
     * just this. */
    if (!strncmp(mangled, "??_C@_", 6)) return und_strndup(pool, "`string'", 8);
    res = ms_symbol(&ctx);
    if (!res || *ctx.p) return NULL; /* trailing characters: not ours */
    return (char *)res;
}

/* ---- entry point -------------------------------------------------------- */

size_t undname_demangle(const char *mangled, char *out, size_t out_size, unsigned flags)
{
    struct und_pool pool;
    char *res = NULL, *heap = NULL;
    size_t len;

    if (!mangled) return 0;
    und_pool_init(&pool);
    if (mangled[0] == '?')
        res = und_msvc(mangled, flags, &pool);
    else if (!strncmp(mangled, "_Z", 2) || !strncmp(mangled, "__Z", 3))
        res = heap = und_itanium(mangled[1] == '_' ? mangled + 1 : mangled, flags);
    if (!res || !*res)
    {
        free(heap);
        und_pool_free(&pool);
        return 0;
    }
    len = strlen(res);
    if (out && out_size)
    {
        size_t n = len < out_size - 1 ? len : out_size - 1;
        memcpy(out, res, n);
        out[n] = 0;
    }
    free(heap);
    und_pool_free(&pool);
    return len;
}
