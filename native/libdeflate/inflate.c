/*
 * Coca Monitor: a minimal Node-API binding to libdeflate's zlib decompressor, for TIFF DEFLATE tiles.
 * inflate(src, dst) -> bytes written (on the calling thread); inflateAsync(src, dst, cb) runs on libuv's
 * pool and calls cb(error, bytes). dst must be large enough for the whole tile (its size is known from
 * the TIFF layout); cb gets the error "insufficient space" when it is not, so the caller can fall back.
 * inflateScatterAsync(src, dsts, layout, cb) inflates a whole pixel-interleaved tile on libuv's pool into a
 * per-thread scratch buffer, undoes the horizontal predictor, and copies each sample of a window of it into its band's
 * typed array (dsts[k], or null to skip sample k): the decode and the deinterleave of a tile both run off the main
 * thread, as GDAL's multi-threaded reads do. Little-endian data, 1-, 2- or 4-byte samples, predictor 1 or 2; the
 * reader keeps its JavaScript path (and the zlib fallback) for everything else. With src null, the pool thread also
 * reads the tile itself (pread of layout.count bytes at layout.offset of file descriptor layout.fd).
 * allocRecycled(bytes) returns an ArrayBuffer of `bytes` from a small pool of buffers that earlier ones left when the
 * garbage collector freed them (their contents undefined: the reader writes every sample or fills the window), else a
 * new zeroed one. A read of a whole scene into fresh arrays otherwise maps hundreds of megabytes of new pages each
 * time, and the page faults cost as much CPU as a third of the inflate; numpy's peers get memory back from malloc at
 * once, our arrays wait for V8's collector, so the pool hands that memory to the next read instead of the kernel.
 * trimRecycled(ms) frees the buffers idle longer than that (the JavaScript side calls it on a timer while any wait).
 * The four libdeflate functions are declared here (stable ABI since libdeflate 1.0), so only the
 * runtime library (libdeflate0, which GDAL already pulls in) is needed, not libdeflate-dev.
 */
#include <node_api.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* the error code for a file shorter than its tile table says (inflateScatterAsync reading a file itself) */
#define SHORT_READ (-2)

struct libdeflate_decompressor;
enum libdeflate_result { LIBDEFLATE_SUCCESS = 0, LIBDEFLATE_BAD_DATA = 1, LIBDEFLATE_SHORT_OUTPUT = 2, LIBDEFLATE_INSUFFICIENT_SPACE = 3 };
struct libdeflate_decompressor *libdeflate_alloc_decompressor(void);
enum libdeflate_result libdeflate_zlib_decompress(struct libdeflate_decompressor *d, const void *in, size_t in_nbytes, void *out,
                                                  size_t out_nbytes_avail, size_t *actual_out_nbytes_ret);

/* One decompressor per thread (the main thread and each libuv pool thread), kept for the process. */
static __thread struct libdeflate_decompressor *tls_decompressor = NULL;

static int run(const void *in, size_t in_n, void *out, size_t out_n, size_t *written) {
  if (tls_decompressor == NULL) tls_decompressor = libdeflate_alloc_decompressor();
  if (tls_decompressor == NULL) return -1;
  return (int)libdeflate_zlib_decompress(tls_decompressor, in, in_n, out, out_n, written);
}

static const char *message(int code) {
  switch (code) {
    case LIBDEFLATE_BAD_DATA: return "bad data";
    case LIBDEFLATE_SHORT_OUTPUT: return "short output";
    case LIBDEFLATE_INSUFFICIENT_SPACE: return "insufficient space";
    case SHORT_READ: return "the file ends inside the tile";
    default: return "out of memory";
  }
}

static int bytes_of(napi_env env, napi_value v, void **data, size_t *length) {
  napi_typedarray_type type;
  size_t n;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &type, &n, data, &buffer, &offset) != napi_ok || type != napi_uint8_array) {
    napi_throw_type_error(env, NULL, "expected a Uint8Array");
    return 0;
  }
  *length = n;
  return 1;
}

static napi_value inflate_sync(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void *in, *out;
  size_t in_n, out_n, written = 0;
  if (argc < 2 || !bytes_of(env, argv[0], &in, &in_n) || !bytes_of(env, argv[1], &out, &out_n)) return NULL;
  int code = run(in, in_n, out, out_n, &written);
  if (code != 0) {
    napi_value err, msg, c;
    napi_create_string_utf8(env, message(code), NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &err);
    napi_create_int32(env, code, &c);
    napi_set_named_property(env, err, "libdeflateCode", c);
    napi_throw(env, err);
    return NULL;
  }
  napi_value result;
  napi_create_double(env, (double)written, &result);
  return result;
}

typedef struct {
  napi_async_work work;
  napi_ref src_ref, dst_ref, cb_ref;
  void *in, *out;
  size_t in_n, out_n, written;
  int code;
} job_t;

static void execute(napi_env env, void *data) {
  (void)env;
  job_t *j = (job_t *)data;
  j->code = run(j->in, j->in_n, j->out, j->out_n, &j->written);
}

static void complete(napi_env env, napi_status status, void *data) {
  job_t *j = (job_t *)data;
  napi_value cb, global, argv[2];
  napi_get_reference_value(env, j->cb_ref, &cb);
  napi_get_global(env, &global);
  if (status != napi_ok || j->code != 0) {
    napi_value msg, c;
    napi_create_string_utf8(env, status != napi_ok ? "cancelled" : message(j->code), NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &argv[0]);
    napi_create_int32(env, j->code, &c);
    napi_set_named_property(env, argv[0], "libdeflateCode", c);
    napi_get_undefined(env, &argv[1]);
  } else {
    napi_get_null(env, &argv[0]);
    napi_create_double(env, (double)j->written, &argv[1]);
  }
  napi_delete_reference(env, j->src_ref);
  napi_delete_reference(env, j->dst_ref);
  napi_delete_reference(env, j->cb_ref);
  napi_delete_async_work(env, j->work);
  free(j);
  napi_call_function(env, global, cb, 2, argv, NULL);
}

static napi_value inflate_async(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  job_t *j = (job_t *)calloc(1, sizeof(job_t));
  if (j == NULL) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  if (argc < 3 || !bytes_of(env, argv[0], &j->in, &j->in_n) || !bytes_of(env, argv[1], &j->out, &j->out_n)) {
    free(j);
    return NULL;
  }
  napi_create_reference(env, argv[0], 1, &j->src_ref);
  napi_create_reference(env, argv[1], 1, &j->dst_ref);
  napi_create_reference(env, argv[2], 1, &j->cb_ref);
  napi_value name;
  napi_create_string_utf8(env, "libdeflate-inflate", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, execute, complete, j, &j->work);
  napi_queue_async_work(env, j->work);
  return NULL;
}

#define MAX_SAMPLES 64

typedef struct {
  napi_async_work work;
  napi_ref src_ref, dsts_ref, cb_ref;
  const unsigned char *in;
  size_t in_n, written;
  int code;
  /* the tile: width x height pixels of `samples` samples of `bps` bytes */
  uint32_t width, height, samples, bps, predictor;
  /* the window: `rows` rows of `row_len` pixels from pixel (src_x, src_y) of the tile to element dst_start of each band, dst_stride apart */
  uint32_t rows, row_len, src_x, src_y;
  double dst_start, dst_stride;
  unsigned char *dst[MAX_SAMPLES];
  /* every band array is large (STREAM_MIN_BYTES or more): write it with non-temporal stores */
  int stream;
  /* src null: read `count` bytes at `offset` of file descriptor `fd` on the pool thread (pread) instead */
  int fd;
  double offset;
} scatter_t;

/*
 * Band arrays this large are written with non-temporal stores (4-sample uint16 tiles, the common Sentinel-2 stack): a
 * whole-scene read writes far more than the caches hold, and streaming stores skip reading every destination line
 * first; in a C test on this machine the copy of a 4096^2 x 4 scene fell from 25 to 11 ms. Smaller windows, read to be
 * used at once, keep ordinary stores so the samples are still in cache.
 */
#define STREAM_MIN_BYTES ((size_t)8 << 20)

#if defined(__SSE2__)
/* One row of 4-sample uint16 pixels to four 16-byte-aligned band rows: 8 pixels per step, SSE2 unpacks, streaming stores. */
static void scatter4_u16_stream(const uint16_t *s, uint16_t *a, uint16_t *b, uint16_t *c, uint16_t *e, uint32_t len) {
  uint32_t x = 0;
  for (; x + 8 <= len; x += 8, s += 32) {
    __m128i v0 = _mm_loadu_si128((const __m128i *)s), v1 = _mm_loadu_si128((const __m128i *)(s + 8));
    __m128i v2 = _mm_loadu_si128((const __m128i *)(s + 16)), v3 = _mm_loadu_si128((const __m128i *)(s + 24));
    __m128i t0 = _mm_unpacklo_epi16(v0, v1), t1 = _mm_unpackhi_epi16(v0, v1); /* a0 a2 b0 b2 c0 c2 e0 e2 | a1 a3 ... */
    __m128i t2 = _mm_unpacklo_epi16(v2, v3), t3 = _mm_unpackhi_epi16(v2, v3);
    __m128i u0 = _mm_unpacklo_epi16(t0, t1), u1 = _mm_unpackhi_epi16(t0, t1); /* a0..a3 b0..b3 | c0..c3 e0..e3 */
    __m128i u2 = _mm_unpacklo_epi16(t2, t3), u3 = _mm_unpackhi_epi16(t2, t3);
    _mm_stream_si128((__m128i *)(a + x), _mm_unpacklo_epi64(u0, u2));
    _mm_stream_si128((__m128i *)(b + x), _mm_unpackhi_epi64(u0, u2));
    _mm_stream_si128((__m128i *)(c + x), _mm_unpacklo_epi64(u1, u3));
    _mm_stream_si128((__m128i *)(e + x), _mm_unpackhi_epi64(u1, u3));
  }
  for (; x < len; x++, s += 4) {
    a[x] = s[0];
    b[x] = s[1];
    c[x] = s[2];
    e[x] = s[3];
  }
}
#endif

static __thread unsigned char *tls_scratch = NULL;
static __thread size_t tls_scratch_n = 0;
static __thread unsigned char *tls_raw = NULL;
static __thread size_t tls_raw_n = 0;



static void undo_predictor(unsigned char *b, uint32_t width, uint32_t height, uint32_t samples, uint32_t bps) {
  size_t row_len = (size_t)width * samples;
  for (uint32_t r = 0; r < height; r++) {
    if (bps == 1) {
      uint8_t *a = b + r * row_len;
      for (size_t i = samples; i < row_len; i++) a[i] = (uint8_t)(a[i] + a[i - samples]);
    } else if (bps == 2) {
      uint16_t *a = (uint16_t *)b + r * row_len;
      for (size_t i = samples; i < row_len; i++) a[i] = (uint16_t)(a[i] + a[i - samples]);
    } else {
      uint32_t *a = (uint32_t *)b + r * row_len;
      for (size_t i = samples; i < row_len; i++) a[i] = a[i] + a[i - samples];
    }
  }
}

#define SCATTER(T)                                                                                  \
  for (uint32_t r = 0; r < j->rows; r++) {                                                          \
    const T *s = (const T *)tls_scratch + ((size_t)(j->src_y + r) * j->width + j->src_x) * n;       \
    size_t d0 = (size_t)j->dst_start + (size_t)r * (size_t)j->dst_stride;                           \
    if (n == 4 && j->dst[0] && j->dst[1] && j->dst[2] && j->dst[3]) {                               \
      T *a = (T *)j->dst[0] + d0, *b = (T *)j->dst[1] + d0, *c = (T *)j->dst[2] + d0, *e = (T *)j->dst[3] + d0; \
      for (uint32_t x = 0; x < j->row_len; x++, s += 4) {                                           \
        a[x] = s[0];                                                                                \
        b[x] = s[1];                                                                                \
        c[x] = s[2];                                                                                \
        e[x] = s[3];                                                                                \
      }                                                                                             \
    } else {                                                                                        \
      for (uint32_t k = 0; k < n; k++) {                                                            \
        if (!j->dst[k]) continue;                                                                   \
        T *d = (T *)j->dst[k] + d0;                                                                 \
        const T *sk = s + k;                                                                        \
        for (uint32_t x = 0; x < j->row_len; x++) d[x] = sk[(size_t)x * n];                         \
      }                                                                                             \
    }                                                                                               \
  }

static void scatter_execute(napi_env env, void *data) {
  (void)env;
  scatter_t *j = (scatter_t *)data;
  size_t need = (size_t)j->width * j->height * j->samples * j->bps;
  if (tls_scratch_n < need) {
    free(tls_scratch);
    tls_scratch = (unsigned char *)malloc(need);
    tls_scratch_n = tls_scratch ? need : 0;
    if (!tls_scratch) {
      j->code = -1;
      return;
    }
  }
  if (j->fd >= 0) {
    if (tls_raw_n < j->in_n) {
      free(tls_raw);
      tls_raw = (unsigned char *)malloc(j->in_n);
      tls_raw_n = tls_raw ? j->in_n : 0;
      if (!tls_raw) {
        j->code = -1;
        return;
      }
    }
    size_t done = 0;
    while (done < j->in_n) {
      ssize_t r = pread(j->fd, tls_raw + done, j->in_n - done, (off_t)j->offset + (off_t)done);
      if (r <= 0) break;
      done += (size_t)r;
    }
    if (done < j->in_n) {
      j->code = SHORT_READ;
      return;
    }
    j->in = tls_raw;
  }
  j->code = run(j->in, j->in_n, tls_scratch, need, &j->written);
  if (j->code != 0 || j->written < need) return; /* the caller names the error (or falls back) */
  if (j->predictor == 2) undo_predictor(tls_scratch, j->width, j->height, j->samples, j->bps);
  uint32_t n = j->samples;
#if defined(__SSE2__)
  if (j->stream && j->bps == 2 && n == 4 && j->dst[0] && j->dst[1] && j->dst[2] && j->dst[3]) {
    int aligned = 1;
    for (uint32_t r = 0; r < j->rows && aligned; r++) {
      size_t d0 = ((size_t)j->dst_start + (size_t)r * (size_t)j->dst_stride) * 2;
      for (int k = 0; k < 4; k++) aligned &= ((uintptr_t)(j->dst[k] + d0) & 15) == 0;
    }
    if (aligned) {
      for (uint32_t r = 0; r < j->rows; r++) {
        const uint16_t *src = (const uint16_t *)tls_scratch + ((size_t)(j->src_y + r) * j->width + j->src_x) * 4;
        size_t d0 = (size_t)j->dst_start + (size_t)r * (size_t)j->dst_stride;
        scatter4_u16_stream(src, (uint16_t *)j->dst[0] + d0, (uint16_t *)j->dst[1] + d0, (uint16_t *)j->dst[2] + d0, (uint16_t *)j->dst[3] + d0,
                            j->row_len);
      }
      /* streaming stores are weakly ordered: make them visible before the main thread is told the tile is done */
      _mm_sfence();
      return;
    }
  }
#endif
  if (j->bps == 1) {
    SCATTER(uint8_t)
  } else if (j->bps == 2) {
    SCATTER(uint16_t)
  } else {
    SCATTER(uint32_t)
  }
}

static void scatter_complete(napi_env env, napi_status status, void *data) {
  scatter_t *j = (scatter_t *)data;
  napi_value cb, global, argv[2];
  napi_get_reference_value(env, j->cb_ref, &cb);
  napi_get_global(env, &global);
  if (status != napi_ok || j->code != 0) {
    napi_value msg, c;
    napi_create_string_utf8(env, status != napi_ok ? "cancelled" : message(j->code), NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &argv[0]);
    napi_create_int32(env, j->code, &c);
    napi_set_named_property(env, argv[0], "libdeflateCode", c);
    napi_get_undefined(env, &argv[1]);
  } else {
    napi_get_null(env, &argv[0]);
    napi_create_double(env, (double)j->written, &argv[1]);
  }
  if (j->src_ref) napi_delete_reference(env, j->src_ref);
  napi_delete_reference(env, j->dsts_ref);
  napi_delete_reference(env, j->cb_ref);
  napi_delete_async_work(env, j->work);
  free(j);
  napi_call_function(env, global, cb, 2, argv, NULL);
}

static int get_u32(napi_env env, napi_value obj, const char *key, uint32_t *out) {
  napi_value v;
  if (napi_get_named_property(env, obj, key, &v) != napi_ok || napi_get_value_uint32(env, v, out) != napi_ok) {
    napi_throw_type_error(env, NULL, key);
    return 0;
  }
  return 1;
}

static int get_f64(napi_env env, napi_value obj, const char *key, double *out) {
  napi_value v;
  if (napi_get_named_property(env, obj, key, &v) != napi_ok || napi_get_value_double(env, v, out) != napi_ok) {
    napi_throw_type_error(env, NULL, key);
    return 0;
  }
  return 1;
}

/* inflateScatterAsync(src: Uint8Array, dsts: (TypedArray | null)[], layout, cb). The caller checks every bound. */
static napi_value inflate_scatter_async(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 4) {
    napi_throw_type_error(env, NULL, "inflateScatterAsync(src, dsts, layout, cb)");
    return NULL;
  }
  scatter_t *j = (scatter_t *)calloc(1, sizeof(scatter_t));
  if (j == NULL) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  void *in = NULL;
  napi_value layout = argv[2];
  napi_valuetype src_type;
  napi_typeof(env, argv[0], &src_type);
  j->fd = -1;
  if (src_type == napi_null) {
    uint32_t fd, count;
    if (!get_u32(env, layout, "fd", &fd) || !get_f64(env, layout, "offset", &j->offset) || !get_u32(env, layout, "count", &count)) {
      free(j);
      return NULL;
    }
    j->fd = (int)fd;
    j->in_n = count;
  }
  if ((j->fd < 0 && !bytes_of(env, argv[0], &in, &j->in_n)) || !get_u32(env, layout, "width", &j->width) || !get_u32(env, layout, "height", &j->height) ||
      !get_u32(env, layout, "samples", &j->samples) || !get_u32(env, layout, "bytesPerSample", &j->bps) ||
      !get_u32(env, layout, "predictor", &j->predictor) || !get_u32(env, layout, "rows", &j->rows) || !get_u32(env, layout, "rowLen", &j->row_len) ||
      !get_u32(env, layout, "srcX", &j->src_x) || !get_u32(env, layout, "srcY", &j->src_y) || !get_f64(env, layout, "dstStart", &j->dst_start) ||
      !get_f64(env, layout, "dstStride", &j->dst_stride)) {
    free(j);
    return NULL;
  }
  j->in = (const unsigned char *)in;
  uint32_t count = 0;
  napi_get_array_length(env, argv[1], &count);
  if (j->samples == 0 || j->samples > MAX_SAMPLES || count != j->samples || (j->bps != 1 && j->bps != 2 && j->bps != 4)) {
    free(j);
    napi_throw_range_error(env, NULL, "inflateScatterAsync: bad layout");
    return NULL;
  }
  int small = 0;
  for (uint32_t k = 0; k < count; k++) {
    napi_value d;
    napi_valuetype t;
    napi_get_element(env, argv[1], k, &d);
    napi_typeof(env, d, &t);
    if (t == napi_null || t == napi_undefined) continue;
    napi_typedarray_type type;
    size_t n, offset;
    void *p;
    napi_value ab;
    if (napi_get_typedarray_info(env, d, &type, &n, &p, &ab, &offset) != napi_ok) {
      free(j);
      napi_throw_type_error(env, NULL, "inflateScatterAsync: dsts must be typed arrays or null");
      return NULL;
    }
    size_t elem = (type == napi_int8_array || type == napi_uint8_array || type == napi_uint8_clamped_array) ? 1
                  : (type == napi_int16_array || type == napi_uint16_array)                                   ? 2
                  : (type == napi_int32_array || type == napi_uint32_array || type == napi_float32_array)     ? 4
                                                                                                              : 0;
    double last = j->rows == 0 ? 0 : j->dst_start + (double)(j->rows - 1) * j->dst_stride + j->row_len;
    if (elem != j->bps || last > (double)n || j->src_x + j->row_len > j->width || j->src_y + j->rows > j->height) {
      free(j);
      napi_throw_range_error(env, NULL, "inflateScatterAsync: a band array or the window does not fit the tile");
      return NULL;
    }
    j->dst[k] = (unsigned char *)p;
    if (n * elem < STREAM_MIN_BYTES) small = 1;
  }
  j->stream = !small;
  if (j->fd < 0) napi_create_reference(env, argv[0], 1, &j->src_ref);
  napi_create_reference(env, argv[1], 1, &j->dsts_ref);
  napi_create_reference(env, argv[3], 1, &j->cb_ref);
  napi_value name;
  napi_create_string_utf8(env, "libdeflate-inflate-scatter", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, scatter_execute, scatter_complete, j, &j->work);
  napi_queue_async_work(env, j->work);
  return NULL;
}

/* The recycling pool, oldest first: at most POOL_ENTRIES buffers, POOL_BYTES in all, shared by every thread's environment. */
#define POOL_ENTRIES 32
#define POOL_BYTES ((size_t)256 << 20)
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static void *pool_ptr[POOL_ENTRIES];
static size_t pool_len[POOL_ENTRIES];
static double pool_since[POOL_ENTRIES]; /* when each buffer came back (CLOCK_MONOTONIC, ms) */
static size_t pool_count = 0, pool_total = 0;
static double pool_hits = 0, pool_misses = 0;

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Remove entry i (0 is the oldest), keeping the order; the caller holds the lock. */
static void *pool_take(size_t i) {
  void *p = pool_ptr[i];
  pool_total -= pool_len[i];
  memmove(pool_ptr + i, pool_ptr + i + 1, (pool_count - i - 1) * sizeof(void *));
  memmove(pool_len + i, pool_len + i + 1, (pool_count - i - 1) * sizeof(size_t));
  memmove(pool_since + i, pool_since + i + 1, (pool_count - i - 1) * sizeof(double));
  pool_count--;
  return p;
}

/* A recycled buffer's finalizer (on the JavaScript thread, after the collector freed it): keep it, the oldest ones making room. */
static void recycled_finalize(napi_env env, void *data, void *hint) {
  (void)env;
  size_t len = (size_t)(uintptr_t)hint;
  void *evicted[POOL_ENTRIES];
  size_t n_evicted = 0;
  pthread_mutex_lock(&pool_lock);
  if (len <= POOL_BYTES) {
    while (pool_count > 0 && (pool_count == POOL_ENTRIES || pool_total + len > POOL_BYTES)) evicted[n_evicted++] = pool_take(0);
    pool_ptr[pool_count] = data;
    pool_since[pool_count] = now_ms();
    pool_len[pool_count++] = len;
    pool_total += len;
    data = NULL;
  }
  pthread_mutex_unlock(&pool_lock);
  free(data);
  for (size_t i = 0; i < n_evicted; i++) free(evicted[i]);
}

/* allocRecycled(bytes) -> ArrayBuffer (a pooled one of exactly that size, contents undefined, or a new zeroed one). */
static napi_value alloc_recycled(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  double want;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_double(env, argv[0], &want) != napi_ok || !(want >= 1) || want > 4294967296.0) {
    napi_throw_range_error(env, NULL, "allocRecycled(bytes): bytes must be 1 to 2^32");
    return NULL;
  }
  size_t len = (size_t)want;
  void *p = NULL;
  pthread_mutex_lock(&pool_lock);
  void *stale = NULL;
  for (size_t i = pool_count; i-- > 0;) {
    if (pool_len[i] == len) {
      p = pool_take(i);
      break;
    }
  }
  /* A miss frees the oldest buffer: sizes nobody asks for any more drain away instead of holding memory. */
  if (p) pool_hits++;
  else {
    pool_misses++;
    if (pool_count > 0) stale = pool_take(0);
  }
  pthread_mutex_unlock(&pool_lock);
  free(stale);
  if (p == NULL) p = calloc(1, len);
  if (p == NULL) {
    napi_throw_error(env, NULL, "out of memory");
    return NULL;
  }
  napi_value result;
  if (napi_create_external_arraybuffer(env, p, len, recycled_finalize, (void *)(uintptr_t)len, &result) != napi_ok) {
    free(p);
    napi_throw_error(env, NULL, "allocRecycled: external array buffers are not available");
    return NULL;
  }
  return result;
}

/* trimRecycled(maxIdleMs) -> buffers freed: those that waited in the pool longer than maxIdleMs (0: all of them). */
static napi_value trim_recycled(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result;
  double max_idle = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc >= 1) napi_get_value_double(env, argv[0], &max_idle);
  void *freed[POOL_ENTRIES];
  size_t n = 0;
  double cutoff = now_ms() - max_idle;
  pthread_mutex_lock(&pool_lock);
  while (pool_count > 0 && (max_idle <= 0 || pool_since[0] <= cutoff)) freed[n++] = pool_take(0);
  pthread_mutex_unlock(&pool_lock);
  for (size_t i = 0; i < n; i++) free(freed[i]);
  napi_create_double(env, (double)n, &result);
  return result;
}

/* o[key] = x */
static void set_number(napi_env env, napi_value o, const char *key, double x) {
  napi_value v;
  napi_create_double(env, x, &v);
  napi_set_named_property(env, o, key, v);
}

/* recycledStats() -> { buffers, bytes, hits, misses }: what the pool holds now, and how often it served a request. */
static napi_value recycled_stats(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value o;
  napi_create_object(env, &o);
  pthread_mutex_lock(&pool_lock);
  double n = (double)pool_count, b = (double)pool_total, h = pool_hits, m = pool_misses;
  pthread_mutex_unlock(&pool_lock);
  set_number(env, o, "buffers", n);
  set_number(env, o, "bytes", b);
  set_number(env, o, "hits", h);
  set_number(env, o, "misses", m);
  return o;
}

/* exports[name] = fn */
static void export_function(napi_env env, napi_value exports, const char *name, napi_callback fn) {
  napi_value f;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, fn, NULL, &f);
  napi_set_named_property(env, exports, name, f);
}

static napi_value init(napi_env env, napi_value exports) {
  export_function(env, exports, "inflate", inflate_sync);
  export_function(env, exports, "inflateAsync", inflate_async);
  export_function(env, exports, "inflateScatterAsync", inflate_scatter_async);
  export_function(env, exports, "allocRecycled", alloc_recycled);
  export_function(env, exports, "recycledStats", recycled_stats);
  export_function(env, exports, "trimRecycled", trim_recycled);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
