// Finding the CPUs (the BIOS's MultiProcessor Specification tables) and
// starting them. CPU 0, the one the BIOS booted, runs all of boot; then it
// starts the others one at a time through a real-mode entry page
// (kern/mpentry.S) and each ends up in mp_main() on its own kernel stack.

#include <inc/types.h>
#include <inc/string.h>
#include <inc/memlayout.h>
#include <inc/x86.h>
#include <inc/mmu.h>
#include <inc/assert.h>

#include <kern/cpu.h>
#include <kern/pmap.h>
#include <kern/env.h>
#include <kern/trap.h>
#include <kern/spinlock.h>
#include <kern/sched.h>

struct CpuInfo cpus[NCPU];
_Static_assert(sizeof(struct CpuInfo) == CPUINFO_SIZE, "thiscpu needs CPUINFO_SIZE");
_Static_assert(offsetof(struct CpuInfo, cpu_env) == 8 && CPUINFO_SIZE == 128,
	       "kern/trapentry.S: CPUINFO_ENV and the shift by 4");
int ncpu = 1;			// without MP tables: CPU 0 alone
physaddr_t lapicaddr;		// 0 without MP tables: no local APIC used
int cpu_booting;		// the CPU being started (0 during boot)

// The top of the stack the next AP starts on (kern/mpentry.S reads it).
void *mpentry_kstack;

// --------------------------------------------------------------
// The MP tables (MultiProcessor Specification 1.4, chapter 4)
// --------------------------------------------------------------

// The floating pointer: "_MP_", where the BIOS says its table is.
struct mp {
	uint8_t signature[4];
	physaddr_t physaddr;	// of the configuration table
	uint8_t length;		// in 16-byte units: 1
	uint8_t specrev;
	uint8_t checksum;	// all bytes sum to 0
	uint8_t type;		// not 0: a default configuration, no table
	uint8_t imcrp;
	uint8_t reserved[3];
} __attribute__((packed));

// The configuration table header: "PCMP", then its entries.
struct mpconf {
	uint8_t signature[4];
	uint16_t length;	// of the header and the entries
	uint8_t version;
	uint8_t checksum;
	uint8_t product[20];
	physaddr_t oemtable;
	uint16_t oemlength;
	uint16_t entry;		// how many entries
	physaddr_t lapicaddr;	// where each CPU sees its local APIC
	uint16_t xlength;
	uint8_t xchecksum;
	uint8_t reserved;
	uint8_t entries[0];
} __attribute__((packed));

// A processor entry; every other kind of entry is 8 bytes long.
struct mpproc {
	uint8_t type;		// MPPROC
	uint8_t apicid;
	uint8_t version;
	uint8_t flags;
	uint8_t signature[4];
	uint32_t feature;
	uint8_t reserved[8];
} __attribute__((packed));

#define MPPROC		0x00	// entry types
#define MPPROC_EN	0x01	// flags: usable
#define MPPROC_BP	0x02	// flags: the CPU the BIOS booted

static uint8_t
sum(const void *addr, int len)
{
	const uint8_t *p = addr;
	uint8_t s = 0;
	int i;

	for (i = 0; i < len; i++)
		s += p[i];
	return s;
}

// Look for the floating pointer in len bytes at physical address pa.
static struct mp *
mpsearch1(physaddr_t pa, int len)
{
	struct mp *mp = KADDR(pa), *end = KADDR(pa + len);

	for (; mp < end; mp++)
		if (memcmp(mp->signature, "_MP_", 4) == 0 && sum(mp, sizeof(*mp)) == 0)
			return mp;
	return NULL;
}

// Where the specification says it may be: the first KiB of the extended
// BIOS data area, else the last KiB of base memory, else the BIOS ROM.
static struct mp *
mpsearch(void)
{
	uint8_t *bda = KADDR(0x400);	// the BIOS data area
	struct mp *mp;
	physaddr_t p;

	if ((p = *(uint16_t *) (bda + 0x0E) << 4)) {
		if ((mp = mpsearch1(p, 1024)))
			return mp;
	} else {
		p = *(uint16_t *) (bda + 0x13) * 1024;
		if ((mp = mpsearch1(p - 1024, 1024)))
			return mp;
	}
	return mpsearch1(0xF0000, 0x10000);
}

// The configuration table, checked; NULL if there is none usable.
static struct mpconf *
mpconfig(void)
{
	struct mp *mp = mpsearch();
	struct mpconf *conf;

	if (!mp || mp->physaddr == 0 || mp->type != 0)
		return NULL;
	if (mp->physaddr >= npages * PGSIZE)
		return NULL;
	conf = KADDR(mp->physaddr);
	if (memcmp(conf->signature, "PCMP", 4) != 0 ||
	    (conf->version != 1 && conf->version != 4) ||
	    sum(conf, conf->length) != 0)
		return NULL;
	return conf;
}

// CPUs found, usable or not, and whether one was the booting CPU.
static int nfound;

// A usable CPU with local APIC id apicid; boot says whether it is the one
// the BIOS booted, which is always cpus[0].
static void
cpu_found(uint8_t apicid, bool boot)
{
	nfound++;
	if (boot)
		cpus[0].cpu_apicid = apicid;
	else if (ncpu < NCPU) {
		cpus[ncpu].cpu_id = ncpu;
		cpus[ncpu].cpu_apicid = apicid;
		ncpu++;
	}
}

// The CPUs the MP configuration table lists.
static bool
mp_tables(void)
{
	struct mpconf *conf = mpconfig();
	uint8_t *p, *end;
	uint16_t i;

	if (!conf)
		return false;
	lapicaddr = conf->lapicaddr;
	p = conf->entries;
	end = (uint8_t *) conf + conf->length;
	for (i = 0; i < conf->entry && p < end; i++) {
		struct mpproc *proc = (struct mpproc *) p;
		if (proc->type != MPPROC) {
			p += 8;
			continue;
		}
		p += sizeof(struct mpproc);
		if (proc->flags & MPPROC_EN)
			cpu_found(proc->apicid, proc->flags & MPPROC_BP);
	}
	return true;
}

// --------------------------------------------------------------
// ACPI: the Multiple APIC Description Table (ACPI 6.4, section 5.2.12)
// --------------------------------------------------------------

// The root system description pointer: "RSD PTR ", where the RSDT is.
struct rsdp {
	uint8_t signature[8];
	uint8_t checksum;	// the first 20 bytes sum to 0
	uint8_t oemid[6];
	uint8_t revision;
	physaddr_t rsdt;
} __attribute__((packed));

// The header every ACPI table starts with.
struct acpi_header {
	uint8_t signature[4];
	uint32_t length;	// of the whole table
	uint8_t revision;
	uint8_t checksum;	// the whole table sums to 0
	uint8_t oemid[6];
	uint8_t oemtable[8];
	uint32_t oemrevision;
	uint32_t creator;
	uint32_t creatorrevision;
} __attribute__((packed));

// The MADT: the local APIC's address, then entries of varying length.
struct madt {
	struct acpi_header h;
	physaddr_t lapicaddr;
	uint32_t flags;
	uint8_t entries[0];
} __attribute__((packed));

#define MADT_LAPIC	0	// entry type: a processor's local APIC
#define MADT_LAPIC_EN	0x1	// its flags: usable

// The most an ACPI table here may claim to be: QEMU's are a few KiB.
#define ACPI_TABLE_MAX	(64 * 1024)

// len bytes at physical address pa, readable: through KERNBASE if the
// kernel maps them there, else mapped for good into the MMIO window. With
// more memory than the kernel keeps (over 256 MiB), QEMU's ACPI tables lie
// at the top of it, beyond KERNBASE's reach: a few pages, once, at boot.
static void *
acpi_map(physaddr_t pa, size_t len)
{
	if (pa + len <= (physaddr_t) npages * PGSIZE)
		return KADDR(pa);
	return mmio_map_region(pa, len);
}

// An ACPI table at physical address pa, if its checksum is right.
static struct acpi_header *
acpi_table(physaddr_t pa)
{
	struct acpi_header *h;

	if (pa == 0 || pa > ~(physaddr_t) 0 - ACPI_TABLE_MAX)
		return NULL;
	h = acpi_map(pa, sizeof(*h));
	if (h->length < sizeof(*h) || h->length > ACPI_TABLE_MAX)
		return NULL;
	h = acpi_map(pa, h->length);
	if (sum(h, h->length) != 0)
		return NULL;
	return h;
}

static struct rsdp *
rsdp_search1(physaddr_t pa, int len)
{
	struct rsdp *r;
	physaddr_t p;

	// A word compare first: this scans up to 128 KiB at every boot.
	for (p = pa; p < pa + len; p += 16) {
		r = KADDR(p);
		if (*(uint32_t *) r->signature == *(uint32_t *) "RSD " &&
		    memcmp(r->signature, "RSD PTR ", 8) == 0 && sum(r, 20) == 0)
			return r;
	}
	return NULL;
}

// The CPUs the MADT lists. The BIOS booted the first one (ACPI says the
// boot processor comes first), which we check against this CPU's APIC id
// once the local APIC is mapped.
static bool
acpi_madt(void)
{
	uint8_t *bda = KADDR(0x400);
	physaddr_t ebda = *(uint16_t *) (bda + 0x0E) << 4;
	struct rsdp *r = NULL;
	struct acpi_header *rsdt, *h = NULL;
	struct madt *madt;
	uint32_t *entry;
	uint8_t *p, *end;

	if (ebda)
		r = rsdp_search1(ebda, 1024);
	if (!r)
		r = rsdp_search1(0xE0000, 0x20000);
	if (!r || !(rsdt = acpi_table(r->rsdt)))
		return false;
	for (entry = (uint32_t *) (rsdt + 1);
	     (uint8_t *) entry < (uint8_t *) rsdt + rsdt->length; entry++)
		if ((h = acpi_table(*entry)) && memcmp(h->signature, "APIC", 4) == 0)
			break;
	if ((uint8_t *) entry >= (uint8_t *) rsdt + rsdt->length)
		return false;
	madt = (struct madt *) h;
	lapicaddr = madt->lapicaddr;
	end = (uint8_t *) madt + madt->h.length;
	for (p = madt->entries; p + 2 <= end && p[1] >= 2; p += p[1])
		if (p[0] == MADT_LAPIC && p[1] >= 8 && (*(uint32_t *) (p + 4) & MADT_LAPIC_EN))
			cpu_found(p[3], nfound == 0);
	return nfound > 0;
}

// Find the CPUs and the local APIC: the ACPI MADT first (QEMU's BIOS
// lists every CPU there; its MP table may list only the first), else the
// MP table. CPU 0 is always the one that booted.
void
mp_init(void)
{
	if (!acpi_madt() && !mp_tables()) {
		cprintf("SMP: neither ACPI nor MP tables: one CPU\n");
		return;
	}
	cpus[0].cpu_status = CPU_STARTED;
	kernel_lock_smp = ncpu > 1;
	cprintf("SMP: CPU 0 found %d CPU(s)\n", ncpu);
	if (nfound > ncpu)
		cprintf("SMP: %d CPU(s) left halted: the kernel runs at most %d\n",
			nfound - ncpu, NCPU);
}

// --------------------------------------------------------------
// Starting the other CPUs
// --------------------------------------------------------------

// A page below 640 KiB for the real-mode entry code (the STARTUP IPI
// names a page there), borrowed from the allocator while the CPUs start.
// It hands out low pages first, so the first page it gives nearly always
// fits; pages that do not are given back.
static struct PageInfo *
page_alloc_low(void)
{
	struct PageInfo *tried[64], *pp = NULL;
	int i, n;

	for (n = 0; n < (int) ARRAY_SIZE(tried); n++) {
		if (!(tried[n] = page_alloc(0)))
			break;
		if (page2pa(tried[n]) < IOPHYSMEM) {
			pp = tried[n];
			break;
		}
	}
	for (i = 0; i < n; i++)
		page_free(tried[i]);
	return pp;
}

// Start every CPU mp_init found, one at a time: each runs mp_main and
// says so before the next is started.
void
boot_aps(void)
{
	extern uint8_t mpentry_start[], mpentry_end[];
	struct PageInfo *pp;
	physaddr_t code;
	int i;

	if (ncpu > 1 + percpu_nkstacks) {
		cprintf("SMP: %d CPU(s) left halted: no kernel stack for them below 4 MiB\n",
			ncpu - 1 - percpu_nkstacks);
		ncpu = 1 + percpu_nkstacks;
	}
	if (ncpu == 1)
		return;
	// The tables' word for which CPU booted, checked against the local
	// APIC of the one running this.
	for (i = 1; i < ncpu; i++)
		if (cpus[i].cpu_apicid == lapic_id()) {
			cpus[i].cpu_apicid = cpus[0].cpu_apicid;
			cpus[0].cpu_apicid = lapic_id();
		}
	if (!(pp = page_alloc_low())) {
		cprintf("SMP: no page below 640K for the entry code: one CPU\n");
		ncpu = 1;
		return;
	}
	code = page2pa(pp);
	memmove(page2kva(pp), mpentry_start, mpentry_end - mpentry_start);

	for (i = 1; i < ncpu; i++) {
		cpu_booting = i;
		// Its stack as the kernel's image maps it (all entry_pgdir
		// has), until mp_main loads kern_pgdir.
		mpentry_kstack = percpu_kstacks + (i + 1) * KSTKSIZE;
		lapic_startap(cpus[i].cpu_apicid, code);
		while (cpus[i].cpu_status != CPU_STARTED)
			pause();
	}
	cpu_booting = 0;
	page_free(pp);
}

// Where kern/mpentry.S brings each other CPU, paging on (entry_pgdir),
// on its own kernel stack.
void
mp_main(void)
{
	mem_init_percpu();
	env_init_percpu();
	trap_init_percpu();	// from here on, cpunum() is right
	lapic_init();
	asm volatile("fninit");

	cprintf("SMP: CPU %d starting\n", cpunum());
	xchg(&thiscpu->cpu_status, CPU_STARTED);

	lock_kernel();
	sched_yield();
}

// --------------------------------------------------------------
// TLB shootdown
// --------------------------------------------------------------
//
// A CPU caches translations of the page directory it has loaded. With the
// big kernel lock, the only page directories loaded anywhere are the
// kernel's and, on each CPU that runs one, its environment's (cpu_env):
// a CPU switches %cr3 only in env_run and when it goes idle, both under
// the lock, and no two CPUs run one environment (nor share a directory:
// sfork shares pages, not directories). So when the lock holder changes
// an entry of pgdir that may be cached (unmapped, remapped, made
// read-only by fork's COW or writable by a COW copy), the only other CPU
// that can hold the old translation is the one running pgdir's
// environment. That CPU gets T_IPI_TLB and the holder waits until it has
// flushed, before the old page can be freed and used again. A CPU that
// cannot take the interrupt because it waits for the lock (interrupts
// off) answers from its wait loop (kern/spinlock.c).

// On this CPU: flush the TLB if another CPU asked.
void
tlb_shootdown_answer(void)
{
	struct CpuInfo *c = thiscpu;

	if (c->cpu_tlb_flush) {
		tlbflush();
		c->cpu_tlb_flush = 0;
	}
}

// Every other CPU that has pgdir loaded drops its translations.
void
tlb_shootdown(pde_t *pgdir)
{
	int i, me = cpunum();

	for (i = 0; i < ncpu; i++) {
		struct Env *e = cpus[i].cpu_env;
		if (i == me || !e || e->env_pgdir != pgdir)
			continue;
		cpus[i].cpu_tlb_flush = 1;
		lapic_ipi(i, T_IPI_TLB);
		while (cpus[i].cpu_tlb_flush)
			pause();
	}
}

// --------------------------------------------------------------
// Stopping the other CPUs
// --------------------------------------------------------------
//
// While the monitor runs (it holds the kernel lock and waits for someone
// to type), the other CPUs stop: an interrupt brings each into the kernel,
// where it waits for the lock; seeing cpus_stopped there, it halts instead
// of spinning, with interrupts on (trap() acknowledges them and returns
// to the halt), until the monitor is done.

volatile bool cpus_stopped;

void
cpus_stop_others(void)
{
	if (ncpu == 1 || cpus_stopped)
		return;
	cpus_stopped = true;
	lapic_ipi_others(T_IPI_STOP);
}

void
cpus_resume_others(void)
{
	cpus_stopped = false;	// each sees it at its next timer tick
}

// Called by a CPU waiting for the kernel lock while cpus_stopped.
void
cpu_stop_wait(void)
{
	struct CpuInfo *c = thiscpu;
	uint32_t status = c->cpu_status;

	c->cpu_status = CPU_STOPPED;
	while (cpus_stopped) {
		asm volatile("sti; hlt; cli" : : : "memory");
		tlb_shootdown_answer();
	}
	c->cpu_status = status;
}
