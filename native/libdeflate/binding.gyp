{
  "targets": [
    {
      "target_name": "coca_libdeflate",
      "sources": ["inflate.c"],
      "cflags": ["-O3"],
      "libraries": ["-l:libdeflate.so.0"]
    }
  ]
}
