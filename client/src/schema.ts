// Generated from the OpenAPI document by `npm run client:generate`; do not edit.
export interface paths {
    "/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness check */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/demo/key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A short-lived API key with tight limits, for the demo page
         * @description Anyone may ask. Each client network (one IPv4 address, or one IPv6 /64) gets `DEMO_KEYS_PER_MINUTE` keys a minute (default 5), and all clients together `DEMO_KEYS_GLOBAL_PER_MINUTE` (default 60); past either, `429` with `Retry-After`. A key lives `DEMO_KEY_TTL_SECONDS` (default 900); upload URLs it asks for expire with it, and it cannot start a batch that would outlive it.
         */
        post: operations["createDemoKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The models this deployment serves, with their model cards */
        get: operations["listModels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analyze": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Detect every face in a photo and estimate its expression, age, gender and ethnicity
         * @description Send the image as the raw body (image/jpeg, image/png, image/webp) or as multipart form data with a file field `image` (options may then also be form fields). Predictions describe how a face appears in this image; they are estimates, not facts about the person, and must not be used to make decisions about people.
         */
        post: operations["analyzeImage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Get signed URLs that each allow one PUT of one image */
        post: operations["createUploadSlots"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/uploads/{group}/{item}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Upload one image through a signed URL (once)
         * @description The signed URL is the permission: no API key is needed, but the URL works only while the key that asked for it does (revoked: 403, expired: 410). If an `Authorization` header is sent anyway, it must be the key that asked for the slot (another key gets 404). The bytes stored count against that key's daily byte limit; a refused upload costs nothing.
         */
        put: operations["uploadImage"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/uploads/{group}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete uploaded images of a slot group that no batch needs any more
         * @description Images are also deleted when their batch completes, and after UPLOAD_RETENTION_SECONDS in any case.
         */
        delete: operations["deleteUploadGroup"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's batches, newest first */
        get: operations["listBatches"];
        put?: never;
        /**
         * Start analysing uploaded images
         * @description Covers only images its key was issued slots for and has uploaded (checked now; anything else answers 404). Send an `Idempotency-Key` to make retries safe: the same key and body answer the first answer again.
         */
        post: operations["createBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/batches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Batch progress */
        get: operations["getBatch"];
        put?: never;
        post?: never;
        /**
         * Delete a batch: its uploaded images, per-image results, results.jsonl and progress
         * @description A running batch stops: images still queued are dropped. The batch no longer counts against the key's concurrent-batch limit.
         */
        delete: operations["deleteBatch"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/batches/{id}/results.jsonl": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Results, one JSON object per image in upload order */
        get: operations["getBatchResults"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/clips": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's clips, newest first
         * @description Clips that expired or were deleted are not listed.
         */
        get: operations["listClips"];
        put?: never;
        /** Start a clip (video emotion from frames) */
        post: operations["createClip"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/clips/{id}/frames": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add frames to a clip
         * @description Either one image as the raw body with `?index=N`, or multipart/form-data with `image` files (`frame` is a deprecated alias) and one `index` per file. At most 16 frames per request; frames may arrive in any order and concurrently. A retried index is a duplicate: answered `duplicate: true` (also at the frames-per-clip limit) and not analysed, charged or counted again. New frames over the key's frames-per-clip limit are refused (429, no Retry-After: the limit never lifts) before any analysis; the key's bytes per day are charged for the new frames only. If any new frame is bad, none of the request's frames is added.
         */
        post: operations["addClipFrames"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/clips/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Clip emotion, classifier result and (optionally) descriptor */
        get: operations["getClip"];
        put?: never;
        post?: never;
        /**
         * Delete a clip and all it stored
         * @description Frames are never stored as images; a clip keeps only running statistics of its frame descriptors, and DELETE removes them.
         */
        delete: operations["deleteClip"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Health: {
            /** @enum {string} */
            status: "ok";
            version: string;
        };
        DemoKey: {
            /** @description Send as `Authorization: Bearer <key>`. */
            key: string;
            expiresAt: string;
            limits: {
                requestsPerMinute: number;
                concurrentBatches: number;
                framesPerClip: number;
                bytesPerDay: number;
            };
        };
        Problem: {
            /** @description https://faceflare.dev/problems/<code> */
            type: string;
            title: string;
            status: number;
            /** @description Stable, machine-readable: one of the codes in the README's errors table. */
            code: string;
            detail?: string;
            instance?: string;
            errors?: {
                path: string;
                message: string;
            }[];
        };
        Models: {
            defaults: {
                [key: string]: string;
            };
            ageTopL: number;
            models: components["schemas"]["ModelInfo"][];
            calibrations: components["schemas"]["CalibrationInfo"][];
            /** @description Clip classifiers in the MODELS bucket (classifiers/<id>.json), from `npm run train:clip`. */
            classifiers: components["schemas"]["ClipClassifierInfo"][];
            /** @description Files in the bucket that could not be listed, and why. */
            warnings?: string[];
        };
        ModelInfo: {
            id: string;
            version: string;
            /** @enum {string} */
            kind: "detector" | "face" | "head";
            tasks: string[];
            /** @enum {string} */
            availability: "bundled" | "user-supplied";
            precision: string;
            bytes?: number;
            sha256?: string;
            license: string;
            source: {
                package: string;
                upstream?: string;
            };
            /** @description The image a detector or face model is fed (absent for heads). */
            input?: {
                width: number;
                height: number;
                colorOrder: string;
            };
            crop?: {
                kind: string;
                scale: number;
                square: boolean;
                align: boolean;
            };
            /** @description Heads only: the model whose output rows (one per face) this head is fed; it runs once per face for every task on it. */
            backbone?: {
                model: string;
                output: string;
            };
            outputs: {
                role: string;
                labels?: string[];
            }[];
            card: {
                [key: string]: unknown;
            };
        };
        /** @description An adjustment of a model's answers: an age calibration is applied when a request names it (`ageCalibration`), a gender-reliability rule always. */
        CalibrationInfo: {
            id: string;
            /** @enum {string} */
            kind: "age-calibration" | "gender-reliability";
            model: string;
            topL: number;
            license: string;
            nonCommercial: boolean;
            sha256: string;
            card: {
                [key: string]: unknown;
            };
        };
        ClipClassifierInfo: {
            /** @description Pass as `classifier` to POST /v1/clips. */
            id: string;
            /** @enum {string} */
            kind: "logistic" | "svm";
            /** @description The classes it answers. */
            labels: string[];
            /**
             * @description The clip mode (descriptor layout) it was trained on.
             * @enum {string}
             */
            mode: "single" | "group";
            /** @description The emotion model whose frame descriptors it was trained on. */
            emotionModel: string;
            descriptorDim: number;
            /** @description Cross-validated accuracy as train:clip measured it (see card.crossValidation for how). */
            cvAccuracy?: number;
            /** @description What it was trained on, how it was validated (accuracy, macro-F1, per-class recall, confusion) and how its regularisation was chosen. */
            card: {
                summary?: string;
                trainingData?: {
                    description?: string;
                    clips?: number;
                    groups?: number;
                    groupBy?: string;
                    perLabel?: {
                        [key: string]: number;
                    };
                } & {
                    [key: string]: unknown;
                };
                crossValidation?: {
                    scheme?: string;
                    folds?: number;
                    accuracy?: number;
                    macroF1?: number;
                    perClassRecall?: {
                        [key: string]: number;
                    };
                    confusion?: {
                        labels: string[];
                        matrix: number[][];
                    };
                } & {
                    [key: string]: unknown;
                };
                regularisation?: {
                    l2?: number;
                    chosenBy?: string;
                } & {
                    [key: string]: unknown;
                };
                weaknesses?: string[];
                trainedAt?: string;
                command?: string;
            } & {
                [key: string]: unknown;
            };
        };
        AnalyzeResult: {
            image: {
                width: number;
                height: number;
                orientation: number;
                decodedScale: number;
            };
            faces: components["schemas"]["Face"][];
            models: {
                id: string;
                version: string;
            }[];
            /** @description Milliseconds per stage of the computation that produced this answer. */
            timings: {
                [key: string]: number;
            };
        };
        Face: {
            box: components["schemas"]["Box"];
            /** @description Detection confidence 0..1. */
            score: number;
            /** @description Eyes, nose, mouth and ears (subject's right/left), pixels. */
            landmarks?: {
                [key: string]: [
                    number,
                    number
                ];
            };
            emotion?: {
                model: string;
                label: string;
                scores: {
                    [key: string]: number;
                };
                valence?: number;
                arousal?: number;
            };
            age?: {
                years: number;
                topL: number;
                top: {
                    age: number;
                    probability: number;
                }[];
                /** @description Present when the request asked for `ageCalibration`: `years` is then the calibrated age. */
                calibration?: {
                    id: string;
                    /** @description The paper's Eq. 1 estimate before calibration. */
                    eq1Years: number;
                    license: string;
                    /** @description True when the calibration was learnt from data licensed for non-commercial research only. */
                    nonCommercial: boolean;
                };
            };
            gender?: {
                label: string;
                probability: number;
                /** @description False when the face looks younger than the gender model can judge (faceres: an Eq. 1 age under 16, where its accuracy falls to 55-66%); `probability` is then softened towards 0.5 to match. Absent for a gender model without such a rule. */
                reliable?: boolean;
            };
            ethnicity?: {
                model: string;
                label: string;
                scores: {
                    [key: string]: number;
                };
            };
            /** @description Identity feature vector (float32). */
            features?: string | number[];
        };
        /** @description Tight detector box in pixels of the original, EXIF-oriented image. */
        Box: {
            x: number;
            y: number;
            width: number;
            height: number;
        };
        UploadSlots: {
            /** @description Common prefix of every slot's key; usable as a batch's `prefix`. */
            prefix: string;
            expiresAt: string;
            maxBytes: number;
            contentTypes: string[];
            slots: components["schemas"]["UploadSlot"][];
        };
        UploadSlot: {
            key: string;
            /** Format: uri */
            url: string;
            /** @enum {string} */
            method: "PUT";
        };
        /**
         * @example {
         *       "count": 2
         *     }
         */
        UploadSlotsRequest: {
            count: number;
            /**
             * @default [
             *       "image/jpeg",
             *       "image/png",
             *       "image/webp"
             *     ]
             */
            contentTypes?: ("image/jpeg" | "image/png" | "image/webp")[];
            /** @description Defaults to (and is capped at) the server's limit. */
            maxBytes?: number;
            /**
             * @description Lifetime of the URLs; never past the expiry of the key that asks (the answer's `expiresAt` says what was granted).
             * @default 3600
             */
            expiresInSeconds?: number;
        };
        BatchCreated: {
            id: string;
            total: number;
            options: components["schemas"]["BatchOptions"];
            links: {
                self: string;
                results: string;
            };
            webhookSecret?: string;
        };
        /** @description The options every image is analysed with, defaults filled in (as GET answers). */
        BatchOptions: {
            /**
             * @description Any of emotion, age, gender, ethnicity, features, landmarks, as a list or a comma-separated string. Default: emotion,age,gender,landmarks (ethnicity and features on request).
             * @default [
             *       "emotion",
             *       "age",
             *       "gender",
             *       "landmarks"
             *     ]
             */
            tasks?: string[] & (("emotion" | "age" | "gender" | "ethnicity" | "features" | "landmarks")[] | string);
            /** @default 20 */
            maxFaces?: number;
            /** @default 24 */
            minFaceSize?: number;
            emotionModel?: string;
            ageTopL?: number;
            /**
             * @default base64
             * @enum {string}
             */
            features?: "base64" | "array";
            /**
             * @description An age calibration from GET /v1/models (`calibrations`) to apply to the Eq. 1 estimate, at the L it was fitted at (default: none, the paper's Eq. 1). The answer names it; one trained on non-commercial data is flagged `nonCommercial: true`.
             * @example faceres_age_fairface
             */
            ageCalibration?: string;
            /**
             * @description Ethnicity model id from GET /v1/models (default: the manifest's, a head on faceres's features; `gear` is a separate CNN).
             * @example faceres_ethnicity
             */
            ethnicityModel?: string;
        };
        /**
         * @example {
         *       "prefix": "uploads/0123456789abcdef0123456789abcdef/",
         *       "options": {
         *         "tasks": [
         *           "emotion",
         *           "age",
         *           "gender"
         *         ]
         *       }
         *     }
         */
        CreateBatch: {
            /** @description Keys returned by POST /v1/uploads, each uploaded (from at most 100 upload groups). */
            keys?: string[];
            /** @description Every uploaded key of one slot group (a slot response's `prefix`). */
            prefix?: string;
            options?: components["schemas"]["BatchOptions"];
            webhook?: {
                /** @description https URL of a public host (no IP address, no internal name), called once when the batch ends. */
                url: string;
                /** @description Standard Webhooks signing secret (`whsec_<base64>`); generated and returned once if absent. */
                secret?: string;
            };
        };
        BatchPage: {
            items: components["schemas"]["BatchProgress"][];
            /** @description Pass as `cursor` for the next (older) page; null on the last page. */
            nextCursor: string | null;
            links: {
                next: string | null;
            };
        };
        BatchProgress: {
            id: string;
            /** @enum {string} */
            status: "running" | "completed";
            total: number;
            done: number;
            failed: number;
            pending: number;
            createdAt: string;
            completedAt?: string;
            options: components["schemas"]["BatchOptions"] & unknown;
            webhook?: components["schemas"]["BatchWebhookStatus"];
            links: {
                self: string;
                results: string | null;
            };
        };
        BatchWebhookStatus: {
            /** @description The notice's `webhook-id`; null until the batch completes. */
            id: string | null;
            /** @description When the notice was first sent. Whether the receiver accepted it is not shown (check your receiver); failed deliveries are retried a few times. */
            firstAttemptAt: string | null;
        };
        ClipCreated: {
            id: string;
            /** @enum {string} */
            mode: "single" | "group";
            /** @description The emotion model the frames are analysed with (the classifier's, else the one asked for, else the manifest's default). */
            emotionModel: string;
            /** @enum {string} */
            noFaceLabel: "zero-descriptor" | "none";
            /** @description The clip classifier's id (its result is in GET /v1/clips/{id}). */
            classifier: string | null;
            url: string;
            /** @description POST frames here. */
            framesUrl: string;
            /** @description ISO time the clip expires if no frame arrives before. */
            expiresAt: string;
        };
        /**
         * @example {
         *       "mode": "single"
         *     }
         */
        CreateClip: {
            /**
             * @description `single`: the largest face per frame (AFEW); `group`: all faces (VGAF).
             * @default single
             * @enum {string}
             */
            mode?: "single" | "group";
            /** @description Emotion model id (default: the classifier's, else the manifest's). */
            emotionModel?: string;
            /** @description Clip classifier id, as GET /v1/models lists them under `classifiers` (MODELS bucket key classifiers/<id>.json). */
            classifier?: string;
            /**
             * @description What the classifier answers while no frame of the clip had a face. `zero-descriptor` (the paper's protocol, so every clip gets an answer): the classifier's prediction for the zero descriptor, marked `basis: "no-face"` (a property of the classifier, not of the clip). `none`: `label` and `scores` are null.
             * @default zero-descriptor
             * @enum {string}
             */
            noFaceLabel?: "zero-descriptor" | "none";
        };
        ClipFramesResult: {
            id: string;
            framesReceived: number;
            framesWithFaces: number;
            frames: {
                index: number;
                /** @description The index was seen before: the frame was not analysed, charged or added, and the fields below are absent. */
                duplicate: boolean;
                faces?: number;
                /** @description The face used (single) or all faces (group), as /v1/analyze gives boxes. */
                boxes?: components["schemas"]["Box"][];
                /** @description Frame emotion, shaped and rounded as a face's in /v1/analyze: the largest face's (single) or the mean over faces (group); null without a face. */
                emotion?: {
                    model: string;
                    label: string;
                    scores: {
                        [key: string]: number;
                    };
                    valence?: number;
                    arousal?: number;
                } | null;
            }[];
        };
        Clip: {
            id: string;
            /** @enum {string} */
            mode: "single" | "group";
            /** @description The emotion model the frames are analysed with (the classifier's, else the one asked for, else the manifest's default). */
            emotionModel: string;
            /** @enum {string} */
            noFaceLabel: "zero-descriptor" | "none";
            framesReceived: number;
            framesWithFaces: number;
            framesWithoutFaces: number;
            /** @description Average of the frames' class probabilities; null before any face. */
            emotion: {
                model: string;
                label: string;
                scores: {
                    [key: string]: number;
                };
                valence?: number;
                arousal?: number;
            } | null;
            classifier: {
                id: string;
                /**
                 * @description `faces`: from the frames with a face; `no-face`: no frame had a face (see the clip's noFaceLabel).
                 * @enum {string}
                 */
                basis: "faces" | "no-face";
                label: string | null;
                /** @description Softmax probabilities (logistic) or decision values (svm), per label. */
                scores: {
                    [key: string]: number;
                } | null;
            } | null;
            descriptorDim: number;
            /** @description Clip descriptor (not normalised): single [mean,max,min,std], group [mean,std] of frame descriptors; zeros if no face. */
            descriptor?: number[];
            createdAt: string;
            expiresAt: string;
            warnings?: string[];
        };
        ClipPage: {
            items: components["schemas"]["ClipListItem"][];
            /** @description Pass as `cursor` for the next (older) page; null on the last page. */
            nextCursor: string | null;
            links: {
                next: string | null;
            };
        };
        ClipListItem: {
            id: string;
            /** @enum {string} */
            mode: "single" | "group";
            classifier: string | null;
            framesReceived: number;
            framesWithFaces: number;
            createdAt: string;
            expiresAt: string;
            url: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Service is up */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    createDemoKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A new key */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DemoKey"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listModels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Manifest without storage internals */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Models"];
                };
            };
            /** @description unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    analyzeImage: {
        parameters: {
            query?: {
                /** @description Any of emotion, age, gender, ethnicity, features, landmarks, as a list or a comma-separated string. Default: emotion,age,gender,landmarks (ethnicity and features on request). */
                tasks?: ("emotion" | "age" | "gender" | "ethnicity" | "features" | "landmarks")[];
                /** @description At most this many faces, largest detection score first (default 20). Faces × the models that cut and run every face (heads on another model's features not counted) may be at most 100 (with the shipped models: 50 faces with every task or the default tasks, 33 with `ethnicityModel=gear`); more is refused with `bad_options`. */
                maxFaces?: number;
                /** @description Ignore faces whose box side is smaller, in pixels of the original image (default 24). */
                minFaceSize?: number | null;
                /** @description Emotion model id from GET /v1/models (default: the manifest's). */
                emotionModel?: string;
                /** @description L of the paper's Eq. 1: age is the expectation over the L most probable years (default: the manifest's). */
                ageTopL?: number;
                /** @description Encoding of identity features when the features task is on: little-endian float32 base64 (default) or a JSON number array. */
                features?: "base64" | "array";
                /** @description An age calibration from GET /v1/models (`calibrations`) to apply to the Eq. 1 estimate, at the L it was fitted at (default: none, the paper's Eq. 1). The answer names it; one trained on non-commercial data is flagged `nonCommercial: true`. */
                ageCalibration?: string;
                /** @description Ethnicity model id from GET /v1/models (default: the manifest's, a head on faceres's features; `gear` is a separate CNN). */
                ethnicityModel?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "image/jpeg": string;
                "image/png": string;
                "image/webp": string;
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description The photo (image/jpeg, image/png, image/webp).
                     */
                    image: string;
                    /**
                     * @description Any of emotion, age, gender, ethnicity, features, landmarks, as a list or a comma-separated string. Default: emotion,age,gender,landmarks (ethnicity and features on request).
                     * @default emotion,age,gender,landmarks
                     */
                    tasks?: string;
                    /** @default 20 */
                    maxFaces?: number;
                    /** @default 24 */
                    minFaceSize?: number;
                    /**
                     * @description Emotion model id from GET /v1/models (default: the manifest's).
                     * @example emotion
                     */
                    emotionModel?: string;
                    /**
                     * @description L of the paper's Eq. 1 (default: the manifest's).
                     * @example 10
                     */
                    ageTopL?: number;
                    /**
                     * @default base64
                     * @enum {string}
                     */
                    features?: "base64" | "array";
                    /**
                     * @description An age calibration from GET /v1/models (`calibrations`) to apply to the Eq. 1 estimate, at the L it was fitted at (default: none, the paper's Eq. 1). The answer names it; one trained on non-commercial data is flagged `nonCommercial: true`.
                     * @example faceres_age_fairface
                     */
                    ageCalibration?: string;
                    /**
                     * @description Ethnicity model id from GET /v1/models (default: the manifest's, a head on faceres's features; `gear` is a separate CNN).
                     * @example faceres_ethnicity
                     */
                    ethnicityModel?: string;
                };
            };
        };
        responses: {
            /** @description Faces found (possibly none). Header `x-faceflare-cache: hit|miss|bypass` says whether it came from the cache (send `Cache-Control: no-cache` to recompute). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyzeResult"];
                };
            };
            /** @description bad_request, bad_options */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unknown_model */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description too_large, too_many_pixels */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_an_image, unsupported_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description corrupt_image */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createUploadSlots: {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 characters (letters, digits, `_.:~+/=-`), e.g. a UUID. Repeating a request with the same key within 24 hours answers it as the first time and does nothing again. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UploadSlotsRequest"];
            };
        };
        responses: {
            /** @description Upload slots */
            201: {
                headers: {
                    /** @description URL of the slot group (DELETE it to drop its images) */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadSlots"];
                };
            };
            /** @description bad_options, bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description idempotency_mismatch */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    uploadImage: {
        parameters: {
            query?: {
                expires?: string;
                max?: string;
                types?: string;
                sig?: string;
            };
            header?: never;
            path: {
                group: string;
                item: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "image/jpeg": string;
                "image/png": string;
                "image/webp": string;
            };
        };
        responses: {
            /** @description Stored */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: string;
                        size: number;
                        etag: string;
                    };
                };
            };
            /** @description bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description expired */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description too_large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_type, not_an_image */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteUploadGroup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                group: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listBatches: {
        parameters: {
            query?: {
                /** @description Items per page (1-100, default 20). */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of batches */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchPage"];
                };
            };
            /** @description bad_options */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 characters (letters, digits, `_.:~+/=-`), e.g. a UUID. Repeating a request with the same key within 24 hours answers it as the first time and does nothing again. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateBatch"];
            };
        };
        responses: {
            /** @description Batch accepted */
            202: {
                headers: {
                    /** @description URL of the new resource */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchCreated"];
                };
            };
            /** @description bad_options, bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description idempotency_mismatch */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Progress */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchProgress"];
                };
            };
            /** @description unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteBatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBatchResults: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON Lines */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": string;
                };
            };
            /** @description unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listClips: {
        parameters: {
            query?: {
                /** @description Items per page (1-100, default 20). */
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of clips */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClipPage"];
                };
            };
            /** @description bad_options */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createClip: {
        parameters: {
            query?: never;
            header?: {
                /** @description 1 to 255 characters (letters, digits, `_.:~+/=-`), e.g. a UUID. Repeating a request with the same key within 24 hours answers it as the first time and does nothing again. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CreateClip"];
            };
        };
        responses: {
            /** @description Clip created */
            201: {
                headers: {
                    /** @description URL of the new clip */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClipCreated"];
                };
            };
            /** @description bad_options, bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unknown_model */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description idempotency_mismatch */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    addClipFrames: {
        parameters: {
            query?: {
                /** @description Index of a raw-body frame (required then). */
                index?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "multipart/form-data": {
                    /** @description Frame images (JPEG, PNG or WebP), at most 16. */
                    image: string[];
                    /** @description One index per `image`, in the same order. */
                    index: number[];
                    /**
                     * @deprecated
                     * @description Deprecated name of `image` (still accepted; not both in one request).
                     */
                    frame?: string[];
                };
                "image/jpeg": string;
                "image/png": string;
                "image/webp": string;
            };
        };
        responses: {
            /** @description Per-frame results and the clip's counters */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClipFramesResult"];
                };
            };
            /** @description bad_options, bad_request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found, unknown_model */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description too_large, too_many_pixels */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_an_image, unsupported_type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description corrupt_image */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getClip: {
        parameters: {
            query?: {
                /** @description 1: include the clip descriptor. */
                descriptor?: "0" | "1" | "true" | "false";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The clip */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Clip"];
                };
            };
            /** @description bad_options */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteClip: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description bad_options */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description not_found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
