# One URL per consent signal, with what a job must record for it (ConsentSignals.Tests.ps1).
@{
    Signals = @(
        @{ Path = '/images/64x64/1.jpg'; Signal = 'TdmRepFile'; Message = "Use of image reserved by the site's tdmrep.json (W3C TDM Reservation Protocol)"; Matched = 'location "/images/64x64/": tdm-reservation 1' }
        @{ Path = '/images/8x8/1.jpg?header=Content-Usage:train-ai%3Dn'; Signal = 'ContentUsage'; Message = 'Use of image for AI training disallowed by Content-Usage (IETF AI preferences)'; Matched = 'train-ai=n' }
        @{ Path = '/images/32x32/1.jpg'; Signal = 'ContentUsage'; Message = 'Use of image for AI training disallowed by Content-Usage (IETF AI preferences)'; Matched = 'line 2: Content-Usage: /images/32x32/ train-ai=n' }
        @{ Path = '/images/16x16/1.jpg'; Signal = 'ContentSignal'; Message = 'Use of image for AI training disallowed by robots.txt Content-Signal'; Matched = 'line 3: Content-Signal: /images/16x16/ search=yes, ai-train=no' }
        @{ Path = '/embedded/iptc-aimltraining.jpg'; Signal = 'IptcDataMining'; Message = 'Use of image disallowed by embedded IPTC Data Mining property (DMI-PROHIBITED-AIMLTRAINING)'; Matched = 'DMI-PROHIBITED-AIMLTRAINING' }
        @{ Path = '/embedded/c2pa-notallowed.png'; Signal = 'C2paTrainingMining'; Message = 'Use of image disallowed by embedded C2PA training-mining assertion (c2pa.ai_training: notAllowed, c2pa.ai_generative_training: notAllowed)'; Matched = 'c2pa.ai_training: notAllowed' }
    )
}
