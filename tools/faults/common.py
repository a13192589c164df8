import atexit, os, shutil, sys, tempfile
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("LAB_BIN", os.path.join(REPO, "LabApp", "bin", "Debug", "net10.0", "LabApp"))
if len(sys.argv) < 2 or not os.path.isdir(sys.argv[1]) or os.path.abspath(sys.argv[1]).startswith(os.path.join(REPO, "models")):
    sys.exit(f"usage: {os.path.basename(sys.argv[0])} SCRATCH_MODELS_DIR [...]: a copy of a warm model cache, never the checkout's models/")
MODELS = os.path.abspath(sys.argv[1])
DATA = os.environ.get("LAB_DATA_DIR", os.path.join(REPO, "..", "shared", "data"))
ENV = dict(os.environ, LAB_DATA_DIR=DATA, LAB_MODELS_DIR=MODELS, DOTNET_NOLOGO="1")
ENV.pop("OPENAI_API_KEY", None)
SCRATCH = tempfile.mkdtemp(prefix="lab-faults-")
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
