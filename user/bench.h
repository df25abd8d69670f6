// Timing helpers shared by user/bench.c and the child it spawns,
// user/benchproc.c. Under `-icount shift=0` rdtsc counts guest
// instructions, so a difference of two reads is an exact cost.

// The low half of the time-stamp counter. The "memory" clobber keeps the
// timed memory accesses between the two reads. 32 bits are enough: every
// sample is far shorter than 2^32 cycles, and unsigned subtraction copes
// with a wrap.
static inline uint32_t
tsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a" (lo), "=d" (hi) : : "memory");
	return lo;
}

// The median of n samples, sorting them in place. Insertion sort: n is
// small, and this runs untimed.
static uint32_t
median(uint32_t *s, int n)
{
	int i, j;

	for (i = 1; i < n; i++) {
		uint32_t v = s[i];
		for (j = i; j > 0 && s[j - 1] > v; j--)
			s[j] = s[j - 1];
		s[j] = v;
	}
	return s[n / 2];
}
