// String and memory routines, shared by the kernel and user programs.
//
// memset and memmove move whole 32-bit words with "rep stosl"/"rep movsl"
// when pointers and length allow it: the kernel zeroes and copies 4 KiB
// pages with them, and one string instruction per page is far cheaper, in
// host time and in counted guest instructions, than a loop of byte moves.

#include <inc/string.h>

int
strlen(const char *s)
{
	int n;

	for (n = 0; s[n] != '\0'; n++)
		;
	return n;
}

int
strnlen(const char *s, size_t size)
{
	int n;

	for (n = 0; size > 0 && s[n] != '\0'; n++, size--)
		;
	return n;
}

char *
strcpy(char *dst, const char *src)
{
	char *d = dst;

	while ((*d++ = *src++) != '\0')
		;
	return dst;
}

char *
strcat(char *dst, const char *src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

// Like C's strncpy: copies at most size bytes and pads with NULs, so the
// result is not NUL-terminated when src is too long.
char *
strncpy(char *dst, const char *src, size_t size)
{
	size_t i;

	for (i = 0; i < size; i++) {
		dst[i] = *src;
		if (*src != '\0')
			src++;
	}
	return dst;
}

// Copies as much of src as fits in size bytes, always NUL-terminated
// (unless size is 0). Returns the length of the copy.
size_t
strlcpy(char *dst, const char *src, size_t size)
{
	char *d = dst;

	if (size > 0) {
		while (--size > 0 && *src != '\0')
			*d++ = *src++;
		*d = '\0';
	}
	return d - dst;
}

int
strcmp(const char *p, const char *q)
{
	while (*p && *p == *q)
		p++, q++;
	return (int) ((unsigned char) *p - (unsigned char) *q);
}

int
strncmp(const char *p, const char *q, size_t n)
{
	while (n > 0 && *p && *p == *q)
		n--, p++, q++;
	if (n == 0)
		return 0;
	return (int) ((unsigned char) *p - (unsigned char) *q);
}

// The first c in s, or NULL.
char *
strchr(const char *s, char c)
{
	for (; *s; s++)
		if (*s == c)
			return (char *) s;
	return NULL;
}

// The first c in s, or the terminating NUL when there is none.
char *
strfind(const char *s, char c)
{
	for (; *s; s++)
		if (*s == c)
			break;
	return (char *) s;
}

void *
memset(void *v, int c, size_t n)
{
	void *d = v;
	uint32_t word;
	size_t count;

	if ((((uintptr_t) v | n) & 3) == 0) {
		word = c & 0xFF;
		word |= word << 8;
		word |= word << 16;
		count = n / 4;
		asm volatile("cld; rep stosl"
			     : "+D" (d), "+c" (count)
			     : "a" (word)
			     : "cc", "memory");
	} else {
		asm volatile("cld; rep stosb"
			     : "+D" (d), "+c" (n)
			     : "a" (c)
			     : "cc", "memory");
	}
	return v;
}

void *
memmove(void *dst, const void *src, size_t n)
{
	const char *s = src;
	char *d = dst;
	bool words = (((uintptr_t) s | (uintptr_t) d | n) & 3) == 0;

	if (s < d && s + n > d) {
		// The tail of src overlaps the head of dst: copy backwards,
		// from the last element down, so nothing is overwritten
		// before it is read. The direction flag is set only for the
		// copy, since C code assumes it clear.
		if (words) {
			s += n - 4;
			d += n - 4;
			n /= 4;
			asm volatile("std; rep movsl; cld"
				     : "+S" (s), "+D" (d), "+c" (n)
				     : : "cc", "memory");
		} else {
			s += n - 1;
			d += n - 1;
			asm volatile("std; rep movsb; cld"
				     : "+S" (s), "+D" (d), "+c" (n)
				     : : "cc", "memory");
		}
	} else if (words) {
		n /= 4;
		asm volatile("cld; rep movsl"
			     : "+S" (s), "+D" (d), "+c" (n)
			     : : "cc", "memory");
	} else {
		asm volatile("cld; rep movsb"
			     : "+S" (s), "+D" (d), "+c" (n)
			     : : "cc", "memory");
	}
	return dst;
}

// memmove is as fast as a memcpy could be, and calling it keeps a careless
// overlapping memcpy harmless.
void *
memcpy(void *dst, const void *src, size_t n)
{
	return memmove(dst, src, n);
}

int
memcmp(const void *v1, const void *v2, size_t n)
{
	const unsigned char *s1 = v1, *s2 = v2;

	for (; n > 0; n--, s1++, s2++)
		if (*s1 != *s2)
			return (int) *s1 - (int) *s2;
	return 0;
}

// The first byte equal to c in the n bytes at s, or s + n when none is.
void *
memfind(const void *s, int c, size_t n)
{
	const unsigned char *p = s, *end = p + n;

	for (; p < end; p++)
		if (*p == (unsigned char) c)
			break;
	return (void *) p;
}

// The value of digit c in bases up to 36, or 36 when c is not a digit.
static int
digitval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 36;
}

// Like C's strtol, without overflow detection: leading blanks, a sign,
// then digits in base 2 to 36. Base 0 picks the base from the prefix:
// "0x" hexadecimal, "0" octal, else decimal; base 16 also allows "0x".
long
strtol(const char *s, char **endptr, int base)
{
	const char *start = s;
	bool neg = false, any = false;
	unsigned long val = 0;
	int d;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'
	       || *s == '\v' || *s == '\f')
		s++;

	if (*s == '+')
		s++;
	else if (*s == '-') {
		s++;
		neg = true;
	}

	// A "0x" counts as a prefix only if a hex digit follows; "0xg"
	// is the number 0 followed by "xg".
	if ((base == 0 || base == 16) && s[0] == '0'
	    && (s[1] == 'x' || s[1] == 'X') && digitval(s[2]) < 16) {
		s += 2;
		base = 16;
	} else if (base == 0 && s[0] == '0')
		base = 8;
	else if (base == 0)
		base = 10;

	if (base >= 2 && base <= 36) {
		while ((d = digitval(*s)) < base) {
			val = val * base + d;
			s++;
			any = true;
		}
	}

	// With no digits at all nothing was converted, so C says endptr
	// gets the original string back.
	if (endptr)
		*endptr = (char *) (any ? s : start);
	return (long) (neg ? -val : val);
}
