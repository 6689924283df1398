# Step 20: ingest the seed article (a real scraped page: donation appeal appended, one paragraph
# repeated, one pull quote), then the review queue of the claims extracted from it.
echo
echo "== ingest an article: boilerplate, the repeated paragraph and the pull quote are dropped"
$FC ingest examples/us-mexico-security-aid-2014.txt --date 2014-12-10 --publisher Truthout
echo "== ingesting it again changes nothing"
$FC ingest examples/us-mexico-security-aid-2014.txt
echo
echo "== the review queue: proposed incidents and assistance (nothing proposed is evidence until accepted)"
$FC review list --type incident
$FC review list --type assistance
