/**
 * The quality reference of bench:train, where scikit-learn is installed (Debian:
 * python3-sklearn): the standard TF-IDF + one-vs-rest logistic regression as measured in
 * ../shared/benchmarks/offmychest/README.md — TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2),
 * min_df=2) and OneVsRestClassifier(LogisticRegression(C=1, class_weight='balanced')) — and, on
 * request, LogisticRegressionCV over the default's C grid with 3 folds, as the default.
 * It runs on the same train/test split as the other rows. Not part of the product.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { C_GRID } from '../../src-main/contract/classify-schemas.js';

export interface LabelledSplit {
  categories: string[];
  train: { texts: string[]; labels: string[][] };
  test: { texts: string[]; labels: string[][] };
}

export interface ReferenceRow {
  features: string;
  method: string;
  seconds: number;
  macroF1: number;
  microF1: number;
  perCategory?: Record<string, number>;
}

const SCRIPT = String.raw`
import json, sys, time
import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
from sklearn.metrics import f1_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
split = json.load(open(sys.argv[1]))
grid = json.loads(sys.argv[2])
with_cv = sys.argv[3] == "1"
binarizer = MultiLabelBinarizer(classes=split["categories"])
y_train = binarizer.fit_transform(split["train"]["labels"])
y_test = binarizer.transform(split["test"]["labels"])
# Scored over the categories with test examples, as in ../shared/benchmarks/offmychest/README.md.
supported = [j for j in range(y_test.shape[1]) if y_test[:, j].sum() > 0]
methods = [("LogisticRegression(C=1, class_weight='balanced'), threshold 0.5 (the README's reference)",
            lambda: LogisticRegression(C=1, class_weight="balanced", max_iter=1000))]
if with_cv:
    methods.append(("LogisticRegressionCV(Cs=%s, cv=3, scoring='f1', class_weight='balanced'), threshold 0.5" % grid,
                    lambda: LogisticRegressionCV(Cs=grid, cv=3, scoring="f1", class_weight="balanced", max_iter=1000)))
rows = []
for method, make in methods:
    started = time.process_time()
    wall = time.time()
    vectorizer = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)
    x_train = vectorizer.fit_transform(split["train"]["texts"])
    model = OneVsRestClassifier(make()).fit(x_train, y_train)
    seconds = time.time() - wall
    predicted = model.predict(vectorizer.transform(split["test"]["texts"]))
    per = f1_score(y_test, predicted, average=None, labels=supported, zero_division=0)
    rows.append({
        "features": "scikit-learn TfidfVectorizer(sublinear_tf, 1-2 grams, min_df 2), %d terms" % x_train.shape[1],
        "method": "reference: scikit-learn %s OneVsRest %s" % (sklearn.__version__, method),
        "seconds": seconds,
        "macroF1": float(np.mean(per)),
        "microF1": f1_score(y_test, predicted, average="micro", labels=supported, zero_division=0),
        "perCategory": {split["categories"][j]: float(f) for j, f in zip(supported, per)},
    })
print(json.dumps(rows))
`;

/** A Python that imports scikit-learn: $SYNTHLAB_PYTHON, python3, or Debian's /usr/bin/python3. */
function findPython(): string | null {
  const candidates = [process.env.SYNTHLAB_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => !!c);
  for (const python of candidates) {
    if (spawnSync(python, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0) return python;
  }
  return null;
}

/** The reference rows, or none (with a note on stderr) where scikit-learn is missing. */
export function scikitLearnReference(split: LabelledSplit, withCv = false): ReferenceRow[] {
  const python = findPython();
  if (!python) {
    console.error(
      'scikit-learn reference skipped: no python3 with scikit-learn (Debian: apt-get install python3-sklearn)',
    );
    return [];
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synthlab-sklearn-'));
  try {
    const file = path.join(dir, 'split.json');
    fs.writeFileSync(file, JSON.stringify(split));
    // One thread, like SynthLab's training worker: the comparison is of methods, not of core counts.
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const out = execFileSync(python, ['-c', SCRIPT, file, JSON.stringify(C_GRID), withCv ? '1' : '0'], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      env,
    });
    return JSON.parse(out) as ReferenceRow[];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
