# The reference's border-256 JPEG q95 output of each photo of the shared bench's corpus, written to a folder, so the
# bench can compare our outputs with the reference's by PSNR (Img2Dataset.Bench psnr --reference FOLDER).
# usage: /usr/bin/python3 reference-outputs.py BENCH_COPY_FOLDER OUT_FOLDER [COUNT]
import glob, io, os, sys

sys.path.insert(0, sys.argv[1])
from baseline_resize_lib import resizer  # noqa: E402  (the shared bench's faithful replica of the reference's resizer)

out = sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 300
os.makedirs(out, exist_ok=True)
photos = sorted(glob.glob(os.environ.get("BENCH_DATA", os.path.expanduser("~/.cache/img2dataset-bench")) + "/corpus/photo/*.jpg"))[:count]
for path in photos:
    with open(path, "rb") as f, open(os.path.join(out, os.path.basename(path)), "wb") as o:
        o.write(resizer(io.BytesIO(f.read()), "border"))
print(f"{len(photos)} reference outputs in {out}")
