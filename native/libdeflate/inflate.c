/*
 * Coca Monitor: a minimal Node-API binding to libdeflate's zlib decompressor, for TIFF DEFLATE tiles.
 * inflate(src, dst) -> bytes written (on the calling thread); inflateAsync(src, dst, cb) runs on libuv's
 * pool and calls cb(error, bytes). dst must be large enough for the whole tile (its size is known from
 * the TIFF layout); cb gets the error "insufficient space" when it is not, so the caller can fall back.
 * The four libdeflate functions are declared here (stable ABI since libdeflate 1.0), so only the
 * runtime library (libdeflate0, which GDAL already pulls in) is needed, not libdeflate-dev.
 */
#include <node_api.h>
#include <stddef.h>
#include <stdlib.h>

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

static napi_value init(napi_env env, napi_value exports) {
  napi_value f;
  napi_create_function(env, "inflate", NAPI_AUTO_LENGTH, inflate_sync, NULL, &f);
  napi_set_named_property(env, exports, "inflate", f);
  napi_create_function(env, "inflateAsync", NAPI_AUTO_LENGTH, inflate_async, NULL, &f);
  napi_set_named_property(env, exports, "inflateAsync", f);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
